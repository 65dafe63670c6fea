import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { Sensitivity } from '../../auth/policy';
import { connectionTypes } from '../connection-types';

@ObjectType({ description: 'An agency (cơ quan, đơn vị) by its dotted electronic code' })
export class AgencyType {
  @Field(() => String, { description: 'Dotted code as the source gave it, e.g. 000.00.12.H06' })
  @Sensitivity('public')
  code!: string;

  @Field(() => String)
  @Sensitivity('public')
  name!: string;

  @Field(() => String, { nullable: true })
  @Sensitivity('public')
  parentCode!: string | null;

  @Field(() => Int, { nullable: true, description: 'Level under Decision 20/2020: 1 province, 2 department or district, 3 commune, 4 unit below a commune' })
  @Sensitivity('public')
  level!: number | null;

  @Field(() => String, { nullable: true, description: 'First day of validity (yyyy-MM-dd)' })
  @Sensitivity('public')
  validFrom!: string | null;

  @Field(() => String, { nullable: true, description: 'Last day of validity (yyyy-MM-dd); set for units rearranged in 2025' })
  @Sensitivity('public')
  validTo!: string | null;

  @Field(() => String, { nullable: true, description: 'Code of the unit that took over after a rearrangement' })
  @Sensitivity('public')
  successorCode!: string | null;
}

@ObjectType({ description: 'An administrative procedure (thủ tục hành chính)' })
export class ProcedureType {
  @Field(() => String, { description: 'Local code, e.g. 2.000488.000.00.00.H06' })
  @Sensitivity('public')
  code!: string;

  @Field(() => String, { nullable: true, description: 'National code d.dddddd' })
  @Sensitivity('public')
  nationalCode!: string | null;

  @Field(() => String)
  @Sensitivity('public')
  name!: string;

  @Field(() => String, { nullable: true })
  @Sensitivity('public')
  fieldCode!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('public')
  fieldName!: string | null;

  @Field(() => Int, { nullable: true, description: '2 not online, 3 partly online, 4 fully online' })
  @Sensitivity('public')
  serviceLevel!: number | null;

  @Field(() => Number, { nullable: true, description: 'Legal processing time; null when the procedure has no deadline' })
  @Sensitivity('public')
  processingTime!: number | null;

  @Field(() => String, { nullable: true, description: 'DAYS or WORKING_DAYS' })
  @Sensitivity('public')
  processingTimeUnit!: string | null;

  @Field(() => Boolean, { nullable: true })
  @Sensitivity('public')
  hasFee!: boolean | null;
}

export const AgencyConnection = connectionTypes('Agency', AgencyType, { sensitivity: 'public' }).Connection;
export type AgencyConnection = InstanceType<typeof AgencyConnection>;

@InputType()
export class AgencyFilter {
  @Field(() => String, { nullable: true, description: 'Units directly under this one (dotted or short code)' })
  parentCode?: string | null;

  @Field(() => Int, { nullable: true })
  level?: number | null;

  @Field(() => String, { nullable: true, description: 'Units valid on this day (yyyy-MM-dd): before or after the 2025 rearrangement' })
  validOn?: string | null;
}

export const ProcedureConnection = connectionTypes('Procedure', ProcedureType, { sensitivity: 'public' }).Connection;
export type ProcedureConnection = InstanceType<typeof ProcedureConnection>;

@InputType()
export class ProcedureFilter {
  @Field(() => String, { nullable: true, description: 'National code d.dddddd' })
  nationalCode?: string | null;

  @Field(() => String, { nullable: true })
  fieldCode?: string | null;

  @Field(() => Boolean, { nullable: true })
  hasFee?: boolean | null;
}

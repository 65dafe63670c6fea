import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { rowCost } from '../limits';
import { PageInfo } from './page-info.type';
import { Sensitivity } from '../../auth/policy';

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

@ObjectType()
export class AgencyEdge {
  @Field(() => String)
  @Sensitivity('public')
  cursor!: string;

  @Field(() => AgencyType)
  @Sensitivity('public')
  node!: AgencyType;
}

@ObjectType()
export class AgencyConnection {
  @Field(() => [AgencyEdge], { complexity: rowCost })
  @Sensitivity('public')
  edges!: AgencyEdge[];

  @Field(() => PageInfo)
  @Sensitivity('public')
  pageInfo!: PageInfo;

  @Field(() => Int)
  @Sensitivity('public')
  totalCount!: Promise<number>;
}

@InputType()
export class AgencyFilter {
  @Field(() => String, { nullable: true, description: 'Units directly under this one (dotted or short code)' })
  parentCode?: string | null;

  @Field(() => Int, { nullable: true })
  level?: number | null;

  @Field(() => String, { nullable: true, description: 'Units valid on this day (yyyy-MM-dd): before or after the 2025 rearrangement' })
  validOn?: string | null;
}

@ObjectType()
export class ProcedureEdge {
  @Field(() => String)
  @Sensitivity('public')
  cursor!: string;

  @Field(() => ProcedureType)
  @Sensitivity('public')
  node!: ProcedureType;
}

@ObjectType()
export class ProcedureConnection {
  @Field(() => [ProcedureEdge], { complexity: rowCost })
  @Sensitivity('public')
  edges!: ProcedureEdge[];

  @Field(() => PageInfo)
  @Sensitivity('public')
  pageInfo!: PageInfo;

  @Field(() => Int)
  @Sensitivity('public')
  totalCount!: Promise<number>;
}

@InputType()
export class ProcedureFilter {
  @Field(() => String, { nullable: true, description: 'National code d.dddddd' })
  nationalCode?: string | null;

  @Field(() => String, { nullable: true })
  fieldCode?: string | null;

  @Field(() => Boolean, { nullable: true })
  hasFee?: boolean | null;
}

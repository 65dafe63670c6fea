import { Field, InputType, ObjectType } from 'type-graphql';
import { Sensitivity } from '../../auth/policy';
import { connectionTypes } from '../connection-types';

@ObjectType('Viewer', { description: 'Who the API takes the caller to be: from the API key or token sent, or public' })
export class ViewerType {
  @Field(() => String, { description: 'public, viewer, operator, auditor or admin' })
  @Sensitivity('public')
  role!: string;

  @Field(() => [String], { description: 'What the role and the key\'s grants allow, e.g. records:read, pii:read' })
  @Sensitivity('public')
  permissions!: string[];

  @Field(() => String, { nullable: true, description: 'API key id (the part after bkh_), when a key was sent' })
  @Sensitivity('public')
  keyId!: string | null;

  @Field(() => String, { nullable: true, description: 'Key name or token subject' })
  @Sensitivity('public')
  name!: string | null;
}

@ObjectType('PiiRead', { description: 'One request that served personal data in clear: who, when, which records and fields (append-only)' })
export class PiiReadType {
  @Field(() => String)
  @Sensitivity('internal')
  id!: string;

  @Field(() => Date)
  @Sensitivity('internal')
  readAt!: Date;

  @Field(() => String, { nullable: true, description: 'API key id; null for a token from the identity provider' })
  @Sensitivity('internal')
  keyId!: string | null;

  @Field(() => String, { description: 'Key name or token subject' })
  @Sensitivity('internal')
  viewer!: string;

  @Field(() => String)
  @Sensitivity('internal')
  role!: string;

  @Field(() => String, { nullable: true, description: 'The GraphQL operation name the client gave' })
  @Sensitivity('internal')
  operationName!: string | null;

  @Field(() => [String], { description: 'Records whose personal data was served, e.g. Dossier:42' })
  @Sensitivity('internal')
  records!: string[];

  @Field(() => [String], { description: 'Personal fields served, e.g. ApplicantType.name' })
  @Sensitivity('internal')
  fields!: string[];
}

export const PiiReadConnection = connectionTypes('PiiRead', PiiReadType, { sensitivity: 'internal' }).Connection;
export type PiiReadConnection = InstanceType<typeof PiiReadConnection>;

@InputType()
export class PiiReadFilter {
  @Field(() => String, { nullable: true, description: 'Reads of this record, e.g. Dossier:42' })
  record?: string | null;

  @Field(() => String, { nullable: true })
  keyId?: string | null;

  @Field(() => Date, { nullable: true })
  from?: Date | null;

  @Field(() => Date, { nullable: true })
  to?: Date | null;
}

@ObjectType('ApiKey', { description: 'An API key (never the key itself: it is shown once, when created)' })
export class ApiKeyType {
  @Field(() => String)
  @Sensitivity('internal')
  id!: string;

  @Field(() => String)
  @Sensitivity('internal')
  name!: string;

  @Field(() => String)
  @Sensitivity('internal')
  role!: string;

  @Field(() => [String])
  @Sensitivity('internal')
  grants!: string[];

  @Field(() => Date)
  @Sensitivity('internal')
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  @Sensitivity('internal')
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true })
  @Sensitivity('internal')
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  @Sensitivity('internal')
  revokedAt!: Date | null;
}

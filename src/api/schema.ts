import 'reflect-metadata';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from '../auth/policy';
import { printAccessMatrix } from '../auth/access-matrix';
import { applyFieldPolicies } from '../auth/field-policy';
import { AccessResolver } from './resolvers/access.resolver';
import { AuditResolver } from './resolvers/audit.resolver';
import { CatalogueResolver } from './resolvers/catalogue.resolver';
import { CountsResolver } from './resolvers/counts.resolver';
import { DocumentResolver } from './resolvers/document.resolver';
import { DossierResolver } from './resolvers/dossier.resolver';
import { FreshnessResolver } from './resolvers/freshness.resolver';
import { IndicatorResolver } from './resolvers/indicator.resolver';
import { IntegrityResolver } from './resolvers/integrity.resolver';
import { NodeResolver } from './resolvers/node.resolver';
import { QuarantineResolver, SourceRecordResolver, SourceVersionResolver } from './resolvers/lineage.resolver';
import { SyncRunResolver } from './resolvers/sync-run.resolver';
import { ConnectorResolver } from './resolvers/connector.resolver';
import { ConnectorRunResolver } from './resolvers/connector-run.resolver';
import { VietnamDateTime } from './scalars/vietnam-date-time';
import { readPlainFieldsDirectly } from './plain-fields';
import { RunProgressResolver } from './resolvers/run-progress.resolver';

let built: Promise<GraphQLSchema> | undefined;

/** The schema as type-graphql builds it from the resolver classes (plain fields read by graphql-js), before the field policies wrap it. */
export async function buildUnguardedSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [
      DossierResolver, CatalogueResolver, SyncRunResolver, QuarantineResolver, SourceRecordResolver, SourceVersionResolver, DocumentResolver,
      IndicatorResolver, NodeResolver, FreshnessResolver, IntegrityResolver, AccessResolver, AuditResolver, ConnectorResolver, ConnectorRunResolver, CountsResolver, RunProgressResolver,
    ],
    validate: false,
    authChecker,
    // Timestamps go out in Vietnam time (+07:00).
    scalarsMap: [{ type: Date, scalar: VietnamDateTime }],
    // Subscriptions here read the store themselves (subscribe functions); no topic is ever published.
    pubSub: { publish: () => undefined, subscribe: () => { throw new Error('no pub/sub topics in this schema'); } },
  });
  return readPlainFieldsDirectly(schema);
}

/**
 * The hub's GraphQL schema, built once, with the access policy applied: `@Requires`
 * checked by `authChecker`, `@Sensitivity` by the field policies (src/auth).
 */
export function hubSchema(): Promise<GraphQLSchema> {
  built ??= buildUnguardedSchema().then(applyFieldPolicies);
  return built;
}

/** The SDL committed as schema/schema.graphql (sorted, so diffs show real changes only). */
export async function printHubSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await hubSchema()))}\n`;
}

/** The role × field matrix committed as schema/access-matrix.txt. */
export async function printHubAccessMatrix(): Promise<string> {
  return printAccessMatrix(await hubSchema());
}

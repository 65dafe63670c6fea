import 'reflect-metadata';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from '../auth/policy';
import { applyFieldPolicies } from '../auth/field-policy';
import { AccessResolver } from './resolvers/access.resolver';
import { CatalogueResolver } from './resolvers/catalogue.resolver';
import { DocumentResolver } from './resolvers/document.resolver';
import { DossierResolver } from './resolvers/dossier.resolver';
import { FreshnessResolver } from './resolvers/freshness.resolver';
import { IndicatorResolver } from './resolvers/indicator.resolver';
import { NodeResolver } from './resolvers/node.resolver';
import { QuarantineResolver, SourceRecordResolver } from './resolvers/lineage.resolver';
import { SyncRunResolver } from './resolvers/sync-run.resolver';

let built: Promise<GraphQLSchema> | undefined;

/**
 * The hub's GraphQL schema, built once from the resolver classes, with the access
 * policy applied: `@Requires` checked by `authChecker`, `@Sensitivity` by the field
 * policies (src/auth).
 */
export function hubSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: [
      DossierResolver, CatalogueResolver, SyncRunResolver, QuarantineResolver, SourceRecordResolver, DocumentResolver,
      IndicatorResolver, NodeResolver, FreshnessResolver, AccessResolver,
    ],
    validate: false,
    authChecker,
  }).then(applyFieldPolicies);
  return built;
}

/** The SDL committed as schema/schema.graphql (sorted, so diffs show real changes only). */
export async function printHubSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await hubSchema()))}\n`;
}

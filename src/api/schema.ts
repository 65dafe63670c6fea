import 'reflect-metadata';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { CatalogueResolver } from './resolvers/catalogue.resolver';
import { DocumentResolver } from './resolvers/document.resolver';
import { DossierResolver } from './resolvers/dossier.resolver';
import { FreshnessResolver } from './resolvers/freshness.resolver';
import { IndicatorResolver } from './resolvers/indicator.resolver';
import { IntegrityResolver } from './resolvers/integrity.resolver';
import { NodeResolver } from './resolvers/node.resolver';
import { QuarantineResolver, SourceRecordResolver } from './resolvers/lineage.resolver';
import { SyncRunResolver } from './resolvers/sync-run.resolver';

let built: Promise<GraphQLSchema> | undefined;

/** The hub's GraphQL schema, built once from the resolver classes. */
export function hubSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: [
      DossierResolver, CatalogueResolver, SyncRunResolver, QuarantineResolver, SourceRecordResolver, DocumentResolver,
      IndicatorResolver, NodeResolver, FreshnessResolver, IntegrityResolver,
    ],
    validate: false,
  });
  return built;
}

/** The SDL committed as schema/schema.graphql (sorted, so diffs show real changes only). */
export async function printHubSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await hubSchema()))}\n`;
}

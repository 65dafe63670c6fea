import 'reflect-metadata';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { CatalogueResolver } from './resolvers/catalogue.resolver';
import { DossierConnectionResolver, DossierResolver } from './resolvers/dossier.resolver';
import { QuarantineConnectionResolver, QuarantineResolver, SourceRecordResolver } from './resolvers/lineage.resolver';
import { SyncRunConnectionResolver, SyncRunResolver } from './resolvers/sync-run.resolver';

let built: Promise<GraphQLSchema> | undefined;

/** The hub's GraphQL schema, built once from the resolver classes. */
export function hubSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: [
      DossierResolver, DossierConnectionResolver, CatalogueResolver, SyncRunResolver, SyncRunConnectionResolver,
      QuarantineResolver, QuarantineConnectionResolver, SourceRecordResolver,
    ],
    validate: false,
  });
  return built;
}

/** The SDL committed as schema/schema.graphql (sorted, so diffs show real changes only). */
export async function printHubSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await hubSchema()))}\n`;
}

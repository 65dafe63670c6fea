import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pool } from 'pg';
import { postgraphile } from 'postgraphile';
import ConnectionFilterPlugin from 'postgraphile-plugin-connection-filter';
import { PG_SCHEMA } from './postgraphile-schema';

/**
 * PostGraphile 4 as a library (its own node:http server, a pool of 10 like the hub's ORM),
 * read-only and quiet: no mutations, no GraphiQL, no query log, no schema watching.
 */
export async function startPostgraphileServer(pool: Pool): Promise<{ url: string; close(): Promise<void> }> {
  const handler = postgraphile(pool, [PG_SCHEMA], {
    appendPlugins: [ConnectionFilterPlugin],
    disableDefaultMutations: true,
    dynamicJson: true,
    setofFunctionsContainNulls: false,
    legacyRelations: 'omit',
    ignoreRBAC: false,
    watchPg: false,
    graphiql: false,
    enableQueryBatching: false,
    disableQueryLog: true,
    retryOnInitFail: false,
    showErrorStack: false,
    bodySizeLimit: '1MB',
    graphileBuildOptions: { connectionFilterRelations: false, connectionFilterComputedColumns: false, connectionFilterSetofFunctions: false },
  });
  await handler.getGraphQLSchema();
  const server: Server = createServer((req, res) => void handler(req, res));
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await handler.release();
    },
  };
}

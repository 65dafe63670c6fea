/**
 * One server of the GraphQL benchmark in a process of its own:
 * `node dist/bench/graphql/server-main.js hub|postgraphile|plain` with BENCH_GQL_DB_URL.
 * Started by bench/graphql.ts through `fork`; it sends `{ type: 'ready', url }` once it
 * listens, and stops when the parent disconnects or sends SIGTERM.
 */
import { Pool } from 'pg';
import { pinPostgraphileModules } from './postgraphile-modules';
import { type ServerKind, SERVER_KINDS } from './servers';

/** Each server gets a pool of 10, the size of the hub's MikroORM pool. */
const POOL_SIZE = 10;

async function start(kind: ServerKind, dbUrl: string): Promise<{ url: string; headers?: Record<string, string>; close(): Promise<void> }> {
  switch (kind) {
    // Each kind loads only its own modules (PostGraphile's graphql 15 must not meet the hub's 16).
    case 'hub': {
      const { initOrm } = await import('../../src/db/orm');
      const { startApiServer } = await import('../../src/api/server');
      const { createApiKey } = await import('../../src/auth/api-keys');
      const orm = await initOrm(dbUrl);
      // A viewer key for the load generator, and no rate limit: the bench measures the API, not its door.
      const { key } = await createApiKey(orm.em.fork(), { role: 'viewer', name: 'bench' });
      const unlimited = { public: 1e9, key: 1e9, address: 1e9 };
      // As deployed, indicator answers are cached; BENCH_GQL_INDICATOR_CACHE=off measures every answer computed.
      const indicatorCacheEntries = process.env.BENCH_GQL_INDICATOR_CACHE === 'off' ? 0 : undefined;
      const api = await startApiServer({ orm, host: '127.0.0.1', port: 0, security: { rateLimits: unlimited }, indicatorCacheEntries });
      return {
        url: api.url,
        headers: { authorization: `Bearer ${key}` },
        close: async () => {
          await api.close();
          await orm.close(true);
        },
      };
    }
    case 'postgraphile':
    case 'plain': {
      const pool = new Pool({ connectionString: dbUrl, max: POOL_SIZE });
      let server: { url: string; close(): Promise<void> };
      if (kind === 'plain') {
        server = await (await import('./plain-server')).startPlainServer(pool);
      } else {
        pinPostgraphileModules();
        server = await (await import('./postgraphile')).startPostgraphileServer(pool);
      }
      return {
        url: server.url,
        close: async () => {
          await server.close();
          await pool.end();
        },
      };
    }
  }
}

async function main(): Promise<void> {
  const kind = process.argv[2] as ServerKind;
  const dbUrl = process.env.BENCH_GQL_DB_URL;
  if (!SERVER_KINDS.includes(kind) || !dbUrl || !process.send) {
    throw new Error('usage: fork server-main.js hub|postgraphile|plain, with BENCH_GQL_DB_URL set and an IPC channel');
  }
  const server = await start(kind, dbUrl);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(0), 5000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
  process.send({ type: 'ready', url: server.url, headers: server.headers ?? {} });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

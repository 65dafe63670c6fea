import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { MikroORM } from '@mikro-orm/postgresql';
import { type ApiContext, createContext } from './context';
import { formatError } from './errors';
import { hubSchema } from './schema';

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('request body over 1 MiB'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Serves GraphQL at /graphql (POST, and GET for simple queries) and a health check
 * at /health. Each request gets a fresh MikroORM fork and fresh DataLoaders.
 */
export async function startApiServer(opts: { orm: MikroORM; host: string; port: number }): Promise<ApiServer> {
  const apollo = new ApolloServer<ApiContext>({
    schema: await hubSchema(),
    formatError,
    includeStacktraceInErrorResponses: false,
    // No HTTP cache hints are served; the plugin would wrap every field resolver.
    plugins: [ApolloServerPluginCacheControlDisabled()],
    introspection: true,
    // The process has one shutdown path (main.ts): Apollo's own SIGTERM handler would
    // stop it and re-raise the signal, killing the process before jobs are drained.
    stopOnTerminationSignals: false,
  });
  await apollo.start();

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/health') {
        const db = await opts.orm.isConnected().catch(() => false);
        res.writeHead(db ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: db, database: db }));
        return;
      }
      if (url.pathname !== '/graphql') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found. GraphQL is served at /graphql\n');
        return;
      }
      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      let body: unknown;
      if (req.method === 'POST') {
        const raw = await readBody(req);
        try {
          body = raw ? JSON.parse(raw) : undefined;
        } catch {
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] }));
          return;
        }
      }
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
        context: () => Promise.resolve(createContext(opts.orm.em)),
      });
      for (const [k, v] of response.headers) res.setHeader(k, v);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        res.end(response.body.string);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: error instanceof Error ? error.message : 'Internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host}:${port}/graphql`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await apollo.stop();
    },
  };
}

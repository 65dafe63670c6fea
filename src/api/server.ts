import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import type { SyncJobData } from '../../jobs/types';
import cors from 'cors';
import helmet from 'helmet';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createQueueBoard, QUEUE_BOARD_PATH } from '../queue-board/board';
import { createAuthenticator } from '../auth/authenticate';
import { ANONYMOUS } from '../auth/roles';
import type { JwtOptions } from '../auth/jwt';
import { piiReadLogPlugin } from '../auth/pii-log';
import type { Env } from '../config';
import type { OpsProbes } from '../health/ops-probes';
import { HEALTH_PATHS, serveHealth } from '../health/routes';
import { processRegistry } from '../metrics/metrics';
import { metricsText } from '../metrics/scrape-gauges';
import { serveOpenData } from '../open-data/routes';
import { consoleHandler, consoleSecurityHeaders, isConsolePath } from './console-static';
import { type ApiContext, createContext } from './context';
import { formatError } from './errors';
import { IndicatorAnswers } from './indicator-answers';
import { IDE_ASSET_PATH, serveIdeAsset, serveIdePage, wantsIde } from './ide/graphiql';
import { limitsPlugin } from './limits';
import { createRateLimiter, type RateLimits } from './rate-limit';
import { requestLogPlugin } from './request-log';
import { hubSchema } from './schema';
import { serveSubscriptions } from './subscriptions';

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

/** What guards the API's door; `securityFromEnv` reads it from the environment. */
export interface ApiSecurity {
  /** Introspection and field suggestions off for callers without a key. */
  production: boolean;
  /** Browser origins allowed to call /graphql. */
  corsOrigins: readonly string[];
  /** Take the caller's address from the last X-Forwarded-For entry (behind a reverse proxy). */
  trustProxy: boolean;
  rateLimits: RateLimits;
  jwt: JwtOptions | null;
  /** How long a verified API key is trusted without the database (src/auth/authenticate.ts). */
  keyCacheMs: number;
  /** Redis key prefix of the rate counters. */
  rateLimitPrefix: string;
}

export function securityFromEnv(env: Env): ApiSecurity {
  return {
    production: env.NODE_ENV === 'production',
    corsOrigins: env.CORS_ORIGINS,
    trustProxy: env.TRUST_PROXY,
    rateLimits: { public: env.RATE_LIMIT_PUBLIC, key: env.RATE_LIMIT_KEY, address: env.RATE_LIMIT_ADDRESS },
    jwt: env.JWT_ISSUER && env.JWT_JWKS_URL ? { issuer: env.JWT_ISSUER, jwksUrl: env.JWT_JWKS_URL, audience: env.JWT_AUDIENCE, roleClaim: env.JWT_ROLE_CLAIM, roleMap: env.JWT_ROLE_MAP } : null,
    keyCacheMs: 30_000,
    rateLimitPrefix: `${env.QUEUE_PREFIX}:ratelimit`,
  };
}

export const DEFAULT_SECURITY: ApiSecurity = {
  production: false,
  corsOrigins: [],
  trustProxy: false,
  rateLimits: { public: 120, key: 1200, address: 2400 },
  jwt: null,
  keyCacheMs: 30_000,
  rateLimitPrefix: 'hub:ratelimit',
};

export const MAX_BODY = 1 << 20;

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        req.off('data', onData);
        reject(new BodyTooLarge());
      } else chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sendError = (res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) => {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
};

/** A dashboard wall asks a few dozen distinct questions; a thousand answers of ~200 values is a few MB. */
const DEFAULT_INDICATOR_CACHE_ENTRIES = 1000;

/** Answers 413 and drops the rest of the body without reading it into memory. */
function refuseBody(req: IncomingMessage, res: ServerResponse): void {
  sendError(res, 413, 'PAYLOAD_TOO_LARGE', `The request body is over ${MAX_BODY} bytes; send a smaller query (variables included)`, { connection: 'close' });
  req.resume();
  setTimeout(() => req.destroy(), 5000).unref();
}

/** Strips "Did you mean …?" from error messages: without a key in production, the schema is not to be guessed at. */
const DID_YOU_MEAN = / ?Did you mean [^?]*\?/g;

/**
 * Serves GraphQL at /graphql (POST, and GET for queries), open data at /open-data/,
 * /healthz and /readyz (/health is /readyz) and Prometheus /metrics. In front of GraphQL: security headers, CORS from an
 * allow-list, the caller's identity (API key or token), rate limits per key and per
 * address, and a body limit. Each request gets a fresh MikroORM fork and DataLoaders.
 */
export async function startApiServer(opts: {
  orm: MikroORM;
  host: string;
  port: number;
  redis?: Redis | null;
  security?: Partial<ApiSecurity>;
  /** Readiness and scrape-time metrics; without them /readyz answers 503 and /metrics has the process metrics only. */
  probes?: OpsProbes | null;
  /** Where the one line per GraphQL request goes (default: the process logger). */
  log?: Logger;
  /** The sync queue: the control mutations queue work on it (triggerSync, cancelRun, schedules) and the queue board at /queues (operator role) shows it; neither without it. */
  queue?: Queue<SyncJobData> | null;
  /** Indicator answers kept between roll-up changes (default 1000; 0 computes every answer). */
  indicatorCacheEntries?: number;
}): Promise<ApiServer> {
  const security: ApiSecurity = { ...DEFAULT_SECURITY, ...opts.security };
  const schema = hubSchema();
  const apollo = new ApolloServer<ApiContext>({
    schema: await schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    // Introspection is allowed here and refused per caller by the limits plugin.
    introspection: true,
    // The process has one shutdown path (main.ts): Apollo's own SIGTERM handler would
    // stop it and re-raise the signal, killing the process before jobs are drained.
    stopOnTerminationSignals: false,
    // A document of more tokens is refused before it is parsed to the end.
    parseOptions: { maxTokens: 5000 },
    plugins: [
      // No HTTP cache hints are served; the plugin would wrap every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      limitsPlugin(schema, { production: security.production }),
      piiReadLogPlugin(),
      {
        requestDidStart: () =>
          Promise.resolve({
            willSendResponse({ contextValue, response }) {
              if (!security.production || contextValue.viewer.role !== 'public' || response.body.kind !== 'single') return Promise.resolve();
              for (const e of response.body.singleResult.errors ?? []) (e as { message: string }).message = e.message.replace(DID_YOU_MEAN, '');
              return Promise.resolve();
            },
          }),
      },
      // Last, so it logs the answer as finally sent.
      requestLogPlugin(opts.log),
    ],
  });
  await apollo.start();
  const cacheEntries = opts.indicatorCacheEntries ?? DEFAULT_INDICATOR_CACHE_ENTRIES;
  const indicatorAnswers = cacheEntries > 0 ? new IndicatorAnswers({ connectionString: opts.orm.config.get('clientUrl'), maxEntries: cacheEntries, log: opts.log }) : null;
  indicatorAnswers?.start();
  const probes = opts.probes ?? null;
  const notProbed = () => Promise.resolve({ ready: false, notReady: ['probes'], checks: { database: { ok: false, error: 'not probed', ms: 0 }, redis: { ok: false, error: 'not probed', ms: 0 }, migrations: { ok: false, error: 'not probed', ms: 0 } } });

  const authenticate = createAuthenticator({ orm: opts.orm, jwt: security.jwt, cacheMs: security.keyCacheMs });
  const rateLimit = createRateLimiter(security.rateLimits, opts.redis ?? null, security.rateLimitPrefix);
  const headers = helmet({ contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } });
  const corsFor = cors({
    origin: (origin, done) => done(null, origin !== undefined && security.corsOrigins.includes(origin)),
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['authorization', 'content-type', 'apollo-require-preflight'],
    maxAge: 600,
  });
  const queueBoard = opts.queue ? createQueueBoard({ queue: opts.queue, orm: opts.orm, authenticate, secureCookie: security.production }) : null;
  const addressOf = (req: IncomingMessage) => {
    const forwarded = security.trustProxy ? String(req.headers['x-forwarded-for'] ?? '').split(',').map((s) => s.trim()).filter(Boolean).at(-1) : undefined;
    return forwarded ?? req.socket.remoteAddress ?? 'unknown';
  };

  const serveConsole = consoleHandler();
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // The console (static files, talking to /graphql) has its own CSP; everything else gets default-src 'none'.
    const forConsole = isConsolePath(url.pathname);
    await new Promise<void>((next) => (forConsole ? consoleSecurityHeaders : headers)(req, res, () => next()));
    if (forConsole) return serveConsole(req, res, url.pathname);
    if (HEALTH_PATHS.has(url.pathname)) return serveHealth(url.pathname, res, probes?.readiness ?? notProbed);
    if (url.pathname === '/metrics') {
      const { contentType, body } = await metricsText(processRegistry, probes?.scrape ?? null);
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
      return;
    }
    if (queueBoard && (url.pathname === QUEUE_BOARD_PATH || url.pathname.startsWith(`${QUEUE_BOARD_PATH}/`))) {
      if (url.pathname === `${QUEUE_BOARD_PATH}/sign-in`) {
        // Sign-in attempts spend the address's public budget, so keys cannot be guessed at speed.
        const limited = await rateLimit(ANONYMOUS, addressOf(req));
        if (!limited.ok) return sendError(res, 429, 'RATE_LIMITED', 'Too many requests from this address', { 'retry-after': String(limited.retryAfterSeconds) });
      }
      return queueBoard(req, res, url.pathname);
    }
    if (url.pathname.startsWith(IDE_ASSET_PATH)) return serveIdeAsset(req, res, url.pathname);
    if (url.pathname === '/graphql' && wantsIde(req, url)) return serveIdePage(res);
    const openData = url.pathname === '/open-data' || url.pathname.startsWith('/open-data/');
    if (url.pathname !== '/graphql' && !openData) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found. GraphQL is served at /graphql, open data at /open-data/, the console at /console/\n');
      return;
    }
    if (!openData) {
      // A preflight ends here (204); other requests get the CORS headers and go on.
      const preflightDone = await new Promise<boolean>((next) => {
        res.once('finish', () => next(true));
        corsFor(req, res, () => next(false));
      });
      if (preflightDone || res.writableEnded) return;
    }

    const auth = await authenticate(typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined);
    const address = addressOf(req);
    if (!auth.ok) {
      // Failed attempts count against the address, so keys cannot be guessed at speed.
      const limited = await rateLimit({ role: 'public', permissions: new Set(), keyId: null, name: null, via: 'anonymous' }, address);
      if (!limited.ok) return sendError(res, 429, 'RATE_LIMITED', 'Too many requests from this address', { 'retry-after': String(limited.retryAfterSeconds) });
      return sendError(res, 401, 'UNAUTHENTICATED', `${auth.reason}. Ask an administrator for a key (\`hub keys create\`).`, { 'www-authenticate': 'Bearer error="invalid_token"' });
    }
    const limited = await rateLimit(auth.viewer, address);
    if (!limited.ok) {
      return sendError(res, 429, 'RATE_LIMITED', `Too many requests; try again in ${limited.retryAfterSeconds} s`, { 'retry-after': String(limited.retryAfterSeconds) });
    }
    if (openData) return serveOpenData(opts.orm.em.fork(), req.method ?? 'GET', url.pathname, res);

    const headerMap = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headerMap.set(k, Array.isArray(v) ? v.join(', ') : v);
    let body: unknown;
    if (req.method === 'POST') {
      if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) return refuseBody(req, res);
      let raw: string;
      try {
        raw = await readBody(req);
      } catch (error) {
        if (error instanceof BodyTooLarge) return refuseBody(req, res);
        throw error;
      }
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        return sendError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON');
      }
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers: headerMap, search: url.search, body },
      context: () => Promise.resolve(createContext(opts.orm.em, auth.viewer, opts.queue ?? null, indicatorAnswers)),
    });
    for (const [k, v] of response.headers) res.setHeader(k, v);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal error: the hub could not answer this request'));
  });
  server.keepAliveTimeout = 5000;
  const subscriptions = serveSubscriptions(server, await schema, authenticate, opts.orm, opts.queue ?? null);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host}:${port}/graphql`,
    async close() {
      await subscriptions.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await apollo.stop();
      await indicatorAnswers?.close();
    },
  };
}

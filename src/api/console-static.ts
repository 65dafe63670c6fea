import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import compression from 'compression';
import helmet from 'helmet';
import serveStatic from 'serve-static';

/** Where the console is served: the static build of `console/` (npm run build:console). */
export const CONSOLE_PATH = '/console';

export const isConsolePath = (pathname: string): boolean => pathname === CONSOLE_PATH || pathname.startsWith(`${CONSOLE_PATH}/`);

/** console/dist from src/api (tests, ts sources) or from dist/src/api (the compiled hub). */
export function consoleRoot(): string | null {
  const candidates = [path.resolve(__dirname, '../../console/dist'), path.resolve(__dirname, '../../../console/dist')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? null;
}

/**
 * The console's own policy: its scripts, styles and images from this origin only, calls
 * to /graphql on this origin only, no inline script, no framing. Everything else the API
 * serves keeps `default-src 'none'`.
 */
export const consoleSecurityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
});

/** Serves the console's files; hashed assets are cached for a year, index.html is always revalidated. */
export function consoleHandler(root: string | null = consoleRoot()) {
  const serve = root
    ? serveStatic(root, {
        index: ['index.html'],
        fallthrough: false,
        redirect: false,
        setHeaders: (res, file) => {
          res.setHeader('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      })
    : null;
  // gzip for browsers that ask: the bundle shrinks to about a third on a slow provincial link.
  const compress = compression();
  return (req: IncomingMessage, res: ServerResponse, pathname: string): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('Method not allowed\n');
      return;
    }
    // The files refer to each other under /console/: the bare path gets the slash.
    if (pathname === CONSOLE_PATH) {
      res.writeHead(301, { location: `${CONSOLE_PATH}/` }).end();
      return;
    }
    if (!serve) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('The console is not built: run `npm run build:console`.\n');
      return;
    }
    req.url = (req.url ?? '/').slice(CONSOLE_PATH.length) || '/';
    compress(req as Parameters<typeof compress>[0], res as Parameters<typeof compress>[1], () => {
      serve(req, res, (error?: { status?: number; statusCode?: number }) => {
        const status = error?.status ?? error?.statusCode ?? 404;
        if (!res.headersSent) res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(status === 404 ? 'Not found\n' : 'Cannot serve this file\n');
      });
    });
  };
}

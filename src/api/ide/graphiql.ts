import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const IDE_ASSET_PATH = '/graphiql/';

/** GraphiQL and React, served from the installed packages: the IDE works on a network with no way out. */
const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  'graphiql.min.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript; charset=utf-8' },
  'graphiql.min.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css; charset=utf-8' },
  'react.production.min.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript; charset=utf-8' },
  'react-dom.production.min.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript; charset=utf-8' },
};
/** A file of an installed package (React's `exports` hide its UMD builds from require.resolve). */
const packageFile = (pkg: string, file: string) => join(dirname(require.resolve(`${pkg}/package.json`)), file);

/** Starts GraphiQL against this server's /graphql; the API key goes in the Headers tab. Kept out of the page, as CSP allows no inline script. */
const INIT = `(function () {
  var fetcher = GraphiQL.createFetcher({ url: new URL('/graphql', location.href).toString() });
  var headers = '{}';
  var query = '# Hub GraphQL API. Headers tab below: {"Authorization": "Bearer <API key>"} (without a key: open data only).\\n'
    + '# Thẻ Headers bên dưới: {"Authorization": "Bearer <khóa API>"} (không có khóa: chỉ dữ liệu mở).\\n\\n'
    + '{\\n  indicators(codes: [ON_TIME_RATE], from: "2025-01-01", to: "2025-12-31", period: MONTH) {\\n    indicator { name } period value\\n  }\\n}\\n';
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher: fetcher, defaultQuery: query, defaultHeaders: headers, defaultEditorToolsVisibility: 'headers', shouldPersistHeaders: false })
  );
})();
`;

export const IDE_HTML = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphiQL · Hub</title>
<link rel="stylesheet" href="${IDE_ASSET_PATH}graphiql.min.css">
<style>html,body,#graphiql{height:100%;margin:0}</style>
</head><body><div id="graphiql">Đang tải… / Loading…</div>
<script src="${IDE_ASSET_PATH}react.production.min.js"></script>
<script src="${IDE_ASSET_PATH}react-dom.production.min.js"></script>
<script src="${IDE_ASSET_PATH}graphiql.min.js"></script>
<script src="${IDE_ASSET_PATH}init.js"></script>
</body></html>`;

/** Scripts and styles from this origin only (GraphiQL's fonts are inline data: URLs); queries go to this origin. */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

interface Loaded {
  type: string;
  raw: Buffer;
  gzip: Buffer;
}
const cache = new Map<string, Loaded>();
function load(name: string): Loaded | null {
  const hit = cache.get(name);
  if (hit) return hit;
  const asset = name === 'init.js' ? { raw: Buffer.from(INIT), type: 'text/javascript; charset=utf-8' } : ASSETS[name] ? { raw: readFileSync(packageFile(ASSETS[name].pkg, ASSETS[name].file)), type: ASSETS[name].type } : null;
  if (!asset) return null;
  const loaded = { ...asset, gzip: gzipSync(asset.raw) };
  cache.set(name, loaded);
  return loaded;
}

/** A browser asking /graphql for a page (GET, HTML accepted, no query): it gets the IDE. */
export const wantsIde = (req: IncomingMessage, url: URL): boolean =>
  req.method === 'GET' && !url.searchParams.has('query') && String(req.headers.accept ?? '').includes('text/html');

export function serveIdePage(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP, 'cache-control': 'no-cache' }).end(IDE_HTML);
}

/** /graphiql/<asset>: open to anyone (public code, no data), compressed when the browser accepts it. */
export function serveIdeAsset(req: IncomingMessage, res: ServerResponse, pathname: string): void {
  const asset = load(pathname.slice(IDE_ASSET_PATH.length));
  if (!asset) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
    return;
  }
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'public, max-age=86400', vary: 'accept-encoding', ...(gzip ? { 'content-encoding': 'gzip' } : {}) }).end(gzip ? asset.gzip : asset.raw);
}

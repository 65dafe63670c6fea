import type { ServerResponse } from 'node:http';
import type { Readiness } from './readiness';

export const HEALTH_PATHS = new Set(['/healthz', '/readyz', '/health']);

/**
 * /healthz: the process answers (no dependency is asked, so a slow database never gets a
 * live process restarted). /readyz (and the older /health): PostgreSQL on the probe's own
 * connection, Redis, migrations; 503 with the names of what is not ready.
 */
export async function serveHealth(pathname: string, res: ServerResponse, readiness: () => Promise<Readiness>): Promise<void> {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  };
  if (pathname === '/healthz') return send(200, { ok: true, uptimeSeconds: Math.round(process.uptime()) });
  const r = await readiness();
  send(r.ready ? 200 : 503, { ok: r.ready, notReady: r.notReady, checks: r.checks });
}

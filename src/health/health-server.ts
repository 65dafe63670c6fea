import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { processRegistry } from '../metrics/metrics';
import { metricsText } from '../metrics/scrape-gauges';
import type { OpsProbes } from './ops-probes';
import { HEALTH_PATHS, serveHealth } from './routes';

export interface HealthServer {
  url: string;
  close(): Promise<void>;
}

/** The worker's small HTTP port (WORKER_HEALTH_PORT): /healthz, /readyz and /metrics, nothing else. */
export async function startHealthServer(opts: { host: string; port: number; probes: OpsProbes }): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    const answer = async () => {
      if (HEALTH_PATHS.has(pathname)) return serveHealth(pathname, res, opts.probes.readiness);
      if (pathname === '/metrics') {
        const { contentType, body } = await metricsText(processRegistry, opts.probes.scrape);
        res.writeHead(200, { 'content-type': contentType }).end(body);
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found. This port serves /healthz, /readyz and /metrics\n');
    };
    answer().catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('health endpoint failed\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

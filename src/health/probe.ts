#!/usr/bin/env node
/**
 * The container health check (Dockerfile HEALTHCHECK, compose): asks /readyz of this
 * container's hub, whatever its role: the API port (PORT, 4000) first, then the worker's
 * health port (WORKER_HEALTH_PORT, 4001). Exit 0 ready, 1 not. Runs without the hub's
 * configuration or dependencies, so it is cheap every few seconds.
 */
const ports = [process.env.PORT || '4000', process.env.WORKER_HEALTH_PORT || '4001'];

async function probe(): Promise<number> {
  for (const port of ports) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(4000) });
      const body = await res.text();
      if (!res.ok) console.error(`not ready (port ${port}): ${body}`);
      return res.ok ? 0 : 1;
    } catch {
      // Nothing listens here in this role: try the next port.
    }
  }
  console.error(`no hub answered on ports ${ports.join(', ')}`);
  return 1;
}

void probe().then((code) => process.exit(code));

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { metrics } from './metrics.js';

/**
 * `/healthz` answers while the event loop runs (liveness); `/readyz` once the caches are synced
 * and, with Leases, while the Lease rounds reach the API server (readiness); `/metrics` the
 * metrics in Prometheus text format. Nothing else is served.
 */
export function startHealthServer(
  port: number,
  isReady: () => boolean,
  host = '0.0.0.0',
  renderMetrics: () => string = () => metrics.render(),
): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const reply = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(text);
    };
    if (path === '/healthz') reply(200, 'ok\n');
    else if (path === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(renderMetrics());
    } else if (path === '/readyz') reply(isReady() ? 200 : 503, isReady() ? 'ready\n' : 'caches not synced or API server out of reach\n');
    else reply(404, 'not found\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

export function portOf(server: http.Server): number {
  return (server.address() as AddressInfo).port;
}

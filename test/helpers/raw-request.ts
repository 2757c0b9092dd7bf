import { request } from 'node:http';
import type { AddressInfo, Server } from 'node:net';

/** Sends a request with exactly the header lines given (repeated names stay separate lines). */
export async function rawRequest(
  server: Server,
  path: string,
  headerLines: Array<[string, string]>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', setHost: true });
    for (const [name, value] of headerLines) {
      const existing = req.getHeader(name);
      req.setHeader(name, existing === undefined ? value : [...([] as string[]).concat(existing as string), value]);
    }
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

import { Agent, request } from 'node:http';

export interface ProbeResult {
  status: number;
  /** From sending the request to the last byte of the response, on a fresh connection. */
  ms: number;
}

/** One timed GET on its own connection (no pooling), as a first client would make it. */
export function timedGet(url: string, authorization: string | undefined, timeoutMs = 10_000): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const agent = new Agent({ keepAlive: false });
    const startedAt = performance.now();
    const req = request(url, { agent, headers: authorization ? { authorization } : {}, timeout: timeoutMs }, (res) => {
      res.resume();
      res.once('end', () => {
        agent.destroy();
        resolve({ status: res.statusCode ?? 0, ms: performance.now() - startedAt });
      });
    });
    req.once('timeout', () => req.destroy(new Error(`GET ${url} timed out after ${timeoutMs} ms`)));
    req.once('error', (error) => {
      agent.destroy();
      reject(error);
    });
    req.end();
  });
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the endpoint received: its form fields and headers. */
export interface ReceivedCall {
  form: URLSearchParams;
  headers: IncomingMessage['headers'];
}

/** What the endpoint answers one call with; `'hang'` parks it until close(). */
export type CallAnswer = { status?: number; headers?: Record<string, string>; body: string } | 'hang';

/** A local HTTP endpoint on 127.0.0.1 that counts POSTs and answers each with `answer(call)`. */
export interface CountingEndpoint {
  readonly url: string;
  readonly calls: ReceivedCall[];
  answer: (call: ReceivedCall) => CallAnswer | Promise<CallAnswer>;
  close(): Promise<void>;
}

/** Starts a counting endpoint on an ephemeral port; answers `{"active":false}` until told otherwise. */
export async function startCountingEndpoint(): Promise<CountingEndpoint> {
  const calls: ReceivedCall[] = [];
  const endpoint: CountingEndpoint = {
    url: '',
    calls,
    answer: () => ({ body: '{"active":false}' }),
    close: async () => undefined,
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const call = { form: new URLSearchParams(Buffer.concat(chunks).toString('utf8')), headers: req.headers };
      calls.push(call);
      void Promise.resolve(endpoint.answer(call)).then((answer) => {
        if (answer === 'hang' || res.destroyed) return;
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
        res.end(answer.body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(endpoint, {
    url: `http://127.0.0.1:${port}/introspect`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
  return endpoint;
}

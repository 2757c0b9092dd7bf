import express, { type ErrorRequestHandler } from 'express';
import type { AddressInfo } from 'node:net';
// By package name: at run time that is the build in dist/, as published (the soak builds it first).
import type { BearerGuardOptions } from 'bearer-guard';
import { bearerAuth } from 'bearer-guard/express';
import { appEnv, type AppMessage } from './app-protocol.js';

/**
 * The soak's Express app, run alone in its own process by `bench/soak/run.ts`: `GET /things` behind
 * bearer-guard with its defaults (issuer by discovery, audience, every cache on), plus the scenario's
 * `keys` options. It answers `{ type: 'memory' }` on its IPC channel with RSS and heap after a full GC.
 */

function readEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; the soak app is started by bench/soak/run.ts`);
  return value;
}

function main(): void {
  const keys = JSON.parse(process.env[appEnv.keys] ?? '{}') as BearerGuardOptions['keys'];
  const auth = bearerAuth({ issuers: [{ issuer: readEnv(appEnv.issuer) }], audience: readEnv(appEnv.audience), keys });
  // Status and challenge from the http-errors answer; nothing logged (the soak counts answers).
  const errorHandler: ErrorRequestHandler = (err: { status?: number; headers?: Record<string, string> }, _req, res, _next) => {
    const status = err.status ?? 500;
    if (err.headers) res.set(err.headers);
    res.status(status).json({ error: status });
  };

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.get('/things', auth, (_req, res) => {
    res.json({ things: [] });
  });
  app.use(errorHandler);
  const server = app.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.send?.({ type: 'ready', port } satisfies AppMessage);
  });
  server.keepAliveTimeout = 60_000;

  const gc = (globalThis as { gc?: () => void }).gc;
  process.on('message', (message: { type?: string }) => {
    if (message?.type !== 'memory') return;
    gc?.();
    gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    process.send?.({ type: 'memory', rss, heapUsed } satisfies AppMessage);
  });
  // The orchestrator owns this process: when it goes away, so do we.
  process.on('disconnect', () => process.exit(0));
}

main();

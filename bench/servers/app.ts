import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readContestantConfig, type ContestantConfig } from './contestant-config.js';

/**
 * One contestant's Express app, run alone in its own process by `bench/run.ts`:
 * `GET /things` behind the contestant's guards, answered with the same small JSON for everyone.
 * The guards come from `bench/servers/guards/<name>.(mjs|ts)`, which export
 * `createGuards(config): RequestHandler[]`. Anchor guards are plain .mjs files so that
 * express-oauth2-jwt-bearer's global `Request.auth` type never meets ours in the type check.
 */
type GuardFactory = (config: ContestantConfig) => RequestHandler[] | Promise<RequestHandler[]>;

// This file runs as JavaScript written by bench/servers-build.ts, next to its guards.
const ownGuard = 'bearer-guard.js';
const guardFiles: Record<string, string> = {
  none: 'none.mjs',
  'express-floor': 'express-floor.mjs',
  'bearer-guard': ownGuard,
  'bearer-guard-cached': ownGuard,
  'bearer-guard-pool': ownGuard,
  'oauth2-jwt-bearer': 'oauth2-jwt-bearer.mjs',
  'express-jwt': 'express-jwt.mjs',
  'jose-floor': 'jose-floor.mjs',
};

// Same for every contestant: status and challenge from http-errors–shaped errors, no stack logging.
const errorHandler: ErrorRequestHandler = (err: { status?: number; statusCode?: number; headers?: Record<string, string> }, _req, res, _next) => {
  const status = err.status ?? err.statusCode ?? 500;
  if (err.headers) res.set(err.headers);
  res.status(status).json({ error: status });
};

async function main(): Promise<void> {
  const config = readContestantConfig(process.env);
  const file = guardFiles[config.contestant];
  if (!file) throw new Error(`Unknown contestant ${config.contestant}; known: ${Object.keys(guardFiles).join(', ')}`);
  const url = pathToFileURL(fileURLToPath(new URL(`./guards/${file}`, import.meta.url)));
  const { createGuards } = (await import(url.href)) as { createGuards: GuardFactory };
  const guards = await createGuards(config);

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.get('/things', ...guards, (_req, res) => {
    res.json({ things: [] });
  });
  app.use(errorHandler);
  const server = app.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.send?.({ type: 'ready', port });
  });
  server.keepAliveTimeout = 60_000;
  // The orchestrator asks for this process's own CPU time and memory (cold start, memory run).
  // With --expose-gc, `{ type: 'gc' }` answers the memory left after a full collection.
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'usage') process.send?.({ type: 'usage', cpu: process.cpuUsage(), memory: process.memoryUsage() });
    if (message?.type === 'gc' && gc) {
      gc();
      process.send?.({ type: 'gc', memory: process.memoryUsage() });
    }
  });
  // The orchestrator owns this process: when it goes away, so do we.
  process.on('disconnect', () => process.exit(0));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

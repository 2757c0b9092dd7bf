// One API instance of a fleet test, in its own process. It listens once and prints {"port":N};
// each JSON line on stdin ({ issuer, audience, redisUrl?, lease?, waitForLease?, keyTimeout?, introspectionClient? })
// replaces its guard with a new, cold bearerAuth (the key store lives in the middleware, so a
// new middleware is a cold instance without paying for a process start), then prints {"ready":id}.
import express, { type RequestHandler } from 'express';
import { createInterface } from 'node:readline';
import { createClient } from 'redis';
import { bearerAuth } from 'bearer-guard/express';
import { createRedisStore } from 'bearer-guard/redis';
import type { InstanceConfig } from './fleet-processes.js';


let guard: RequestHandler = (_req, res) => {
  res.status(500).end();
};
let closeRedis = () => {};

async function configure(config: InstanceConfig): Promise<void> {
  closeRedis();
  let shared;
  if (config.redisUrl) {
    // Reconnect quickly and never queue: a command to a Redis that is gone fails at once.
    const redis = createClient({ url: config.redisUrl, disableOfflineQueue: true, socket: { reconnectStrategy: () => 200, connectTimeout: 500 } });
    redis.on('error', () => {});
    // Awaited for a second at most: a Redis that hangs must not hold the instance's start, and
    // bearer-guard needs no connected client to serve (until it connects, each command fails at
    // once: no offline queue). A reachable Redis is connected before the first request, though.
    await Promise.race([redis.connect().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    closeRedis = () => redis.destroy();
    shared = createRedisStore(redis, { timeout: '300ms', lease: config.lease ?? '10s', waitForLease: config.waitForLease ?? '5s' });
  }
  const client = config.introspectionClient;
  const auth = bearerAuth({
    issuers: [client ? { issuer: config.issuer, introspection: { client, ...(shared ? { shared } : {}) } } : config.issuer],
    audience: config.audience,
    keys: { timeout: config.keyTimeout ?? '5s', ...(shared ? { shared } : {}) },
  });
  guard = auth;
}

const app = express();
app.get('/things', (req, res, next) => guard(req, res, next), (req, res) => {
  res.json({ sub: req.auth?.subject ?? null });
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`);
});
createInterface({ input: process.stdin }).on('line', (line) => {
  const config = JSON.parse(line) as InstanceConfig & { id: number };
  void configure(config).then(() => process.stdout.write(`${JSON.stringify({ ready: config.id })}\n`));
});
process.stdin.on('end', () => process.exit(0));

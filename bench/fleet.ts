import { pathToFileURL } from 'node:url';
import { createClient } from 'redis';
// The build in dist/ (as published), not the sources through tsx: see servers/guards/bearer-guard.ts.
import { createVerifier } from 'bearer-guard';
import { createRedisStore, type RedisClientLike } from 'bearer-guard/redis';
import { createTestIssuer, type TestIssuer } from 'bearer-guard/testing';
import { redisUnavailableReason, startRedisServer } from '../test/helpers/redis-server.js';

/** IdP requests made by a fleet of cold instances, with and without the shared Redis store. */
export interface FleetRow {
  scenario: string;
  instances: number;
  alone: IdpRequests;
  shared: IdpRequests;
}

/** What the IdP saw; `introspection` only in the opaque-token scenario. */
export interface IdpRequests {
  discovery: number;
  jwks: number;
  introspection?: number;
}

export type FleetResults = { rows: FleetRow[] } | { skipped: string };


const introspectionClient = { clientId: 'bench-api', clientSecret: 'bench-api-secret' };

/**
 * Builds `count` verifiers as `count` instances would (each its own key store and, when shared,
 * its own Redis connection), then sends each one request at the same moment: a JWT, or an opaque
 * token that each instance introspects. What counts is the
 * number of requests the IdP sees, not time.
 */
async function coldFleet(issuer: TestIssuer, clients: RedisClientLike[] | undefined, count: number, prefix: string, opaque: boolean): Promise<IdpRequests> {
  issuer.resetHits();
  const verifiers = Array.from({ length: count }, (_, i) => {
    const shared = clients ? createRedisStore(clients[i]!, { prefix }) : undefined;
    const introspection = { client: introspectionClient, ...(shared ? { shared } : {}) };
    return createVerifier({
      issuers: [opaque ? { issuer: issuer.issuer, introspection } : issuer.issuer],
      audience: issuer.audience,
      ...(shared ? { keys: { shared } } : {}),
    });
  });
  const token = opaque ? issuer.opaqueToken() : await issuer.token();
  await Promise.allSettled(verifiers.map((v) => v.verify(token)));
  const { discovery, jwks, introspection } = issuer.hits;
  return { discovery, jwks, ...(opaque ? { introspection } : {}) };
}

export async function runFleet(count: number): Promise<FleetResults> {
  const skipped = redisUnavailableReason();
  if (skipped) return { skipped };
  const redis = await startRedisServer();
  const clients: Array<RedisClientLike & { destroy(): void }> = [];
  try {
    for (let i = 0; i < count; i++) {
      const client = createClient({ url: redis.url });
      client.on('error', () => {});
      await client.connect();
      clients.push(client);
    }
    const rows: FleetRow[] = [];
    const scenarios = [
      ['cold start', false, false],
      ['cold start while the IdP answers 429', true, false],
      ['one new opaque token (introspection)', false, true],
    ] as const;
    for (const [scenario, limited, opaque] of scenarios) {
      const issuer = await createTestIssuer();
      try {
        issuer.registerClient(introspectionClient);
        if (limited) issuer.fail('jwks', { status: 429, headers: { 'x-rate-limit-reset': String(Math.ceil(Date.now() / 1000) + 60) } });
        const alone = await coldFleet(issuer, undefined, count, '', opaque);
        const shared = await coldFleet(issuer, clients, count, `bench-${rows.length}:`, opaque);
        rows.push({ scenario, instances: count, alone, shared });
      } finally {
        await issuer.close();
      }
    }
    return { rows };
  } finally {
    for (const client of clients) client.destroy();
    await redis.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = process.argv.find((a) => a.startsWith('--fleet-instances='));
  const results = await runFleet(arg ? Number(arg.split('=')[1]) : 50);
  if (process.send) process.send({ type: 'fleet', results });
  else console.log(JSON.stringify(results, null, 2));
}

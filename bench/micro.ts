import { createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { pathToFileURL } from 'node:url';
import express from 'express';
import { importJWK, jwtVerify } from 'jose';
import { Bench } from 'tinybench';
// The build in dist/ (as published), not the sources through tsx: see servers/guards/bearer-guard.ts.
import { createMemoryReplayStore, createVerifier, type DpopReplayStore } from 'bearer-guard';
import { bearerAuth } from 'bearer-guard/express';
import type { Request, RequestHandler, Response } from 'express';
import { createDpopKey, createTestIssuer } from '../src/testing/index.js';
import { algorithms, type BenchAlgorithm } from './contestants.js';

const MICRO_ROUNDS = 3;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const microTasks = [
  { id: 'crypto', label: 'node:crypto `crypto.verify` (physical floor)' },
  { id: 'jose', label: 'jose `jwtVerify`, local key (WebCrypto)' },
  { id: 'bg-nocache', label: 'bearer-guard `verify`, token cache off' },
  { id: 'bg-cache', label: 'bearer-guard `verify`, token cache on (hit)' },
  { id: 'bg-refuse', label: 'bearer-guard `verify`, refusing a token from an unknown issuer' },
  { id: 'bg-request', label: 'bearer-guard `authenticate`, a Bearer request (token cache hit)' },
  { id: 'bg-request-nocache', label: 'bearer-guard `authenticate`, a Bearer request (token cache off)' },
  { id: 'express-floor', label: 'the Express floor: two pass-through middlewares setting `req.auth`, an Express request (a new one per call)' },
  { id: 'bg-express', label: 'bearer-guard Express `bearerAuth` + `requireScopes` middleware, an Express request (a new one per call; token cache hit)' },
  { id: 'bg-introspect', label: 'bearer-guard `authenticate`, a Bearer request with an opaque token (introspection cache hit)' },
  { id: 'bg-dpop', label: 'bearer-guard `authenticate`, a DPoP request (token cache hit, ES256 proof checked, replay store in memory)' },
] as const;
export type MicroTaskId = (typeof microTasks)[number]['id'];

export interface MicroTaskResult {
  /** Median over the rounds of each round's mean. */
  meanUs: number;
  /** Lowest and highest round mean. */
  minMeanUs: number;
  maxMeanUs: number;
  /** Median over the rounds of each round's median. */
  p50Us: number;
  samples: number;
}

export type MicroResults = Record<BenchAlgorithm, Record<MicroTaskId, MicroTaskResult>>;

type FloorFactory = (config: { scope: string }) => [RequestHandler, RequestHandler];

/**
 * A request as Express hands it to a middleware: a Node request whose prototype Express replaced
 * with its app's (after which V8 gives each request object a shape of its own, so that every
 * property added or read costs more than on a plain object), with what Express's router adds.
 */
function expressRequestFactory(rawHeaders: string[]): () => Request {
  const { request: prototype } = express();
  const socket = new Socket();
  const headers: Record<string, string> = {};
  for (let i = 0; i < rawHeaders.length; i += 2) headers[rawHeaders[i]!.toLowerCase()] = rawHeaders[i + 1]!;
  const res = {} as Response;
  return () => {
    const req = new IncomingMessage(socket);
    req.method = 'GET';
    req.url = '/things';
    req.rawHeaders = rawHeaders;
    req.headers = headers;
    Object.setPrototypeOf(req, prototype);
    return Object.assign(req, { res, originalUrl: '/things', baseUrl: '', params: {} }) as unknown as Request;
  };
}

/** Runs a middleware pair as Express would on a request, settling when the second lets it on. */
function throughChain(chain: readonly [RequestHandler, RequestHandler], newRequest: () => Request): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const req = newRequest();
    const res = req.res!;
    chain[0](req, res, (error?: unknown) => (error ? reject(error) : chain[1](req, res, (refused?: unknown) => (refused ? reject(refused) : resolve()))));
  });
}

/**
 * The core verify call alone, in this process, in three rounds of `timeMs` per task: raw node:crypto on the token's own bytes and
 * key, jose's `jwtVerify` with a local key, and bearer-guard's verifier with keys already
 * fetched, cache off and on. Same token, same issuer/audience checks.
 */
export async function runMicro(timeMs: number): Promise<MicroResults> {
  const issuer = await createTestIssuer();
  try {
    const results = {} as MicroResults;
    const checks = { issuer: issuer.issuer, audience: issuer.audience };
    const noCache = createVerifier({ issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }], audience: issuer.audience, algorithms: [...algorithms], tokenCache: false });
    const cached = createVerifier({ issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }], audience: issuer.audience, algorithms: [...algorithms] });
    // The adapter around the same verification: what an Express route pays beyond `authenticate`.
    const expressAuth = bearerAuth({ issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }], audience: issuer.audience, algorithms: [...algorithms] });
    const expressChain: [RequestHandler, RequestHandler] = [expressAuth, expressAuth.requireScopes('read:things')];
    // The macro benchmark's Express floor, the same two middlewares.
    const floorModule = new URL('./servers/guards/express-floor.mjs', import.meta.url).href;
    const floorChain = ((await import(floorModule)) as { createGuards: FloorFactory }).createGuards({ scope: 'read:things' });
    // DPoP: one proof reused, but each call recorded under its own id in a real in-memory store, so
    // the store's work is measured without a replay refusing the call (signing proofs is the
    // client's cost, not ours).
    const dpopKey = await createDpopKey({ alg: 'ES256' });
    const memory = createMemoryReplayStore({ maxEntries: 10_000_000 });
    let call = 0;
    const replayStore: DpopReplayStore = { markUsed: (id, expiresAt, now) => memory.markUsed(`${id}${call++}`, expiresAt, now) };
    const dpop = createVerifier({
      issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }],
      audience: issuer.audience,
      algorithms: [...algorithms],
      dpop: { mode: 'allowed', publicUrl: 'https://api.example.test', replayStore, iatWindow: '10m' },
    });
    // Opaque tokens: introspected once at the test issuer, then answered from the introspection cache.
    const introspectionClient = { clientId: 'bench-api', clientSecret: 'bench-api-secret' };
    issuer.registerClient(introspectionClient);
    const introspecting = createVerifier({
      issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri, introspection: { client: introspectionClient, cache: { maxAge: '1h' } } }],
      audience: issuer.audience,
      algorithms: [...algorithms],
    });
    for (const alg of algorithms) {
      const token = await issuer.token({ alg, scopes: 'read:things', expiresIn: '2h' });
      const [h, p, s] = token.split('.') as [string, string, string];
      const data = Buffer.from(`${h}.${p}`);
      const signature = Buffer.from(s, 'base64url');
      const jwk = issuer.publicJwks().keys.find((k) => k.alg === alg)!;
      const keyObject: KeyObject = createPublicKey({ key: jwk, format: 'jwk' });
      const cryptoKey = await importJWK(jwk, alg);
      const rawKey = alg === 'ES256' ? { key: keyObject, dsaEncoding: 'ieee-p1363' as const } : keyObject;
      const joseOptions = { ...checks, algorithms: [alg] };
      const foreign = await issuer.token({ alg, scopes: 'read:things', expiresIn: '2h', issuer: 'https://unknown.example' });
      // The same request shape for both: what an adapter hands the core for GET /things.
      const bearerRequest = { method: 'GET', url: '/things', rawHeaders: ['Host', 'api.example.test', 'Authorization', `Bearer ${token}`] };
      // A new request object per call, as Express hands the middleware (which sets req.auth on it).
      const newExpressRequest = expressRequestFactory(bearerRequest.rawHeaders);
      const throughExpress = () => throughChain(expressChain, newExpressRequest);
      const throughFloor = () => throughChain(floorChain, newExpressRequest);
      const opaqueRequest = { method: 'GET', url: '/things', rawHeaders: ['Host', 'api.example.test', 'Authorization', `Bearer ${issuer.opaqueToken({ scopes: 'read:things', expiresIn: '2h' })}`] };
      const bound = await issuer.token({ alg, scopes: 'read:things', expiresIn: '2h', dpopKey });
      const proof = dpopKey.proof({ method: 'GET', url: 'https://api.example.test/things', accessToken: bound });
      const dpopRequest = { method: 'GET', url: '/things', rawHeaders: ['Host', 'api.example.test', 'Authorization', `DPoP ${bound}`, 'DPoP', proof] };

      // Everything must verify before it is timed; this also fetches the JWKS once per verifier.
      if (!cryptoVerify('sha256', data, rawKey, signature)) throw new Error(`${alg}: raw crypto.verify refused the token`);
      await jwtVerify(token, cryptoKey, joseOptions);
      await noCache.verify(token);
      await cached.verify(token);
      await cached.authenticate(bearerRequest);
      await throughExpress();
      await throughFloor();
      await noCache.authenticate(bearerRequest);
      if ((await introspecting.authenticate(opaqueRequest)).issuer !== issuer.issuer) throw new Error(`${alg}: the opaque token was not accepted`);
      const introspectionCalls = issuer.hits.introspection;
      await dpop.authenticate(dpopRequest);
      await noCache.verify(foreign).then(
        () => {
          throw new Error(`${alg}: a token from an unknown issuer was accepted`);
        },
        () => undefined,
      );

      // Rounds, each running every task, so that a burst of other work hits one round, not one task.
      const rounds: Array<Record<string, { mean: number; p50: number; samples: number }>> = [];
      for (let round = 0; round < MICRO_ROUNDS; round++) {
        const bench = new Bench({ time: timeMs, warmupTime: Math.min(300, timeMs / 2) });
        bench
          .add('crypto', () => {
            if (!cryptoVerify('sha256', data, rawKey, signature)) throw new Error('refused');
          })
          .add('jose', async () => {
            await jwtVerify(token, cryptoKey, joseOptions);
          })
          .add('bg-nocache', async () => {
            await noCache.verify(token);
          })
          .add('bg-cache', async () => {
            await cached.verify(token);
          })
          .add('bg-refuse', async () => {
            await noCache.verify(foreign).catch(() => undefined);
          })
          .add('bg-request', async () => {
            await cached.authenticate(bearerRequest);
          })
          .add('express-floor', throughFloor)
          .add('bg-express', throughExpress)
          .add('bg-request-nocache', async () => {
            await noCache.authenticate(bearerRequest);
          })
          .add('bg-introspect', async () => {
            await introspecting.authenticate(opaqueRequest);
          })
          .add('bg-dpop', async () => {
            await dpop.authenticate(dpopRequest);
          });
        await bench.run();
        const perTask: Record<string, { mean: number; p50: number; samples: number }> = {};
        for (const task of bench.tasks) {
          const result = task.result;
          if (result.state !== 'completed') throw new Error(`${alg} ${task.name}: ${result.state === 'errored' ? result.error.message : result.state}`);
          perTask[task.name] = { mean: result.latency.mean * 1000, p50: result.latency.p50 * 1000, samples: result.latency.samplesCount };
        }
        rounds.push(perTask);
      }
      // Timed calls must all be cache hits (the result is kept 1 h, longer than any run).
      if (issuer.hits.introspection !== introspectionCalls) throw new Error(`${alg}: the timed opaque requests called the introspection endpoint`);
      const perTask = {} as Record<MicroTaskId, MicroTaskResult>;
      for (const { id } of microTasks) {
        const means = rounds.map((r) => r[id]!.mean);
        perTask[id] = {
          meanUs: median(means),
          minMeanUs: Math.min(...means),
          maxMeanUs: Math.max(...means),
          p50Us: median(rounds.map((r) => r[id]!.p50)),
          samples: rounds.reduce((sum, r) => sum + r[id]!.samples, 0),
        };
      }
      results[alg] = perTask;
    }
    return results;
  } finally {
    await issuer.close();
  }
}

async function main(): Promise<void> {
  const { formatMicro } = await import('./report.js');
  const timeArg = process.argv.find((a) => a.startsWith('--micro-time='));
  const results = await runMicro(timeArg ? Number(timeArg.split('=')[1]) : 600);
  if (process.send) process.send({ type: 'micro', results });
  else console.log(formatMicro(results).join('\n'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

import type { ChildProcess } from 'node:child_process';
import { startChild, nextMessage, stopChild } from './children.js';
import { algorithms, contestants, type BenchAlgorithm, type ContestantId } from './contestants.js';
import type { BenchOptions } from './options.js';
import { timedGet } from './probe.js';
import { contestantEnvFor } from './servers/contestant-config.js';
import { createTestIssuer } from '../src/testing/index.js';

export interface LoadSummary {
  requests: number;
  durationSeconds: number;
  latency: { p50: number; p99: number; mean: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface MacroResults {
  /** Per contestant and algorithm, one summary per round, in round order. */
  runs: Record<ContestantId, Record<BenchAlgorithm, LoadSummary[]>>;
  /** First request to a freshly started server (RS256 token, fresh connection), one per round. */
  coldMs: Record<ContestantId, number[]>;
  /** The second request, same conditions, for comparison. */
  secondMs: Record<ContestantId, number[]>;
  /** JWKS requests the issuer saw during each server process's whole life, one per round. */
  jwksFetches: Record<ContestantId, number[]>;
  /** Requests that must be refused and were, or the mistake. */
  probes: Record<ContestantId, string>;
}

const SCOPE = 'read:things';

const isReady = (m: unknown): m is { type: 'ready'; port: number } => (m as { type?: unknown })?.type === 'ready';
const isLoadAnswer = (m: unknown): m is ({ type: 'result' } & LoadSummary) | { type: 'error'; message: string } =>
  ['result', 'error'].includes((m as { type?: string })?.type ?? '');

async function runLoad(url: string, authorizations: Array<string | undefined>, seconds: number, connections: number): Promise<LoadSummary> {
  const child = startChild('load.mjs', { typescript: false });
  try {
    const answer = nextMessage(child, 'autocannon', (seconds + 30) * 1000, isLoadAnswer);
    child.send({ url, connections, durationSeconds: seconds, authorizations });
    const result = await answer;
    if (result.type === 'error') throw new Error(`autocannon failed: ${result.message}`);
    return result;
  } finally {
    await stopChild(child);
  }
}

async function startServer(id: ContestantId, config: Omit<Parameters<typeof contestantEnvFor>[0], 'contestant'>): Promise<{ child: ChildProcess; url: string }> {
  const child = startChild('servers/app.ts', { typescript: true, env: contestantEnvFor({ ...config, contestant: id }) });
  try {
    const { port } = await nextMessage(child, `server ${id}`, 30_000, isReady);
    return { child, url: `http://127.0.0.1:${port}/things` };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

function rotate<T>(list: readonly T[], by: number): T[] {
  const n = by % list.length;
  return [...list.slice(n), ...list.slice(0, n)];
}

const perContestant = <T>(make: () => T) => Object.fromEntries(contestants.map((c) => [c.id, make()])) as Record<ContestantId, T>;

/**
 * Starts the issuer here, then for each round and each contestant (order rotated every round):
 * a fresh server process alone on 127.0.0.1, its cold first request, a warm-up, one measurement
 * per algorithm (order alternating), and the process is stopped before the next one starts.
 */
export async function runMacro(options: BenchOptions, log: (line: string) => void): Promise<MacroResults> {
  const issuer = await createTestIssuer();
  try {
    const bearer = (token: string) => `Bearer ${token}`;
    const tokens: Record<BenchAlgorithm, string> = {
      RS256: bearer(await issuer.token({ alg: 'RS256', scopes: SCOPE, expiresIn: '2h' })),
      ES256: bearer(await issuer.token({ alg: 'ES256', scopes: SCOPE, expiresIn: '2h' })),
    };
    const refused = {
      'no token': undefined,
      'missing scope': bearer(await issuer.token({ alg: 'RS256', scopes: 'write:things' })),
      'wrong audience': bearer(await issuer.token({ alg: 'ES256', scopes: SCOPE, audience: 'https://other.example.test' })),
      'wrong issuer': bearer(await issuer.token({ alg: 'RS256', scopes: SCOPE, issuer: 'http://127.0.0.1:9/' })),
      'expired': bearer(await issuer.token({ alg: 'ES256', scopes: SCOPE, expiresIn: -600 })),
      'foreign key': bearer(await issuer.token({ alg: 'RS256', scopes: SCOPE, signingKey: 'foreign' })),
    };
    const config = { issuer: issuer.issuer, jwksUri: issuer.jwksUri, audience: issuer.audience, scope: SCOPE, algorithms: [...algorithms] };

    const results: MacroResults = {
      runs: perContestant(() => ({ RS256: [], ES256: [] })),
      coldMs: perContestant(() => []),
      secondMs: perContestant(() => []),
      jwksFetches: perContestant(() => []),
      probes: perContestant(() => 'not run'),
    };

    for (let round = 0; round < options.rounds; round++) {
      const algOrder = round % 2 === 0 ? algorithms : [...algorithms].reverse();
      for (const contestant of rotate(contestants, round)) {
        const auth = (alg: BenchAlgorithm) => (contestant.authenticates ? tokens[alg] : undefined);
        const jwksBefore = issuer.hits.jwks;
        const server = await startServer(contestant.id, config);
        try {
          const cold = await timedGet(server.url, auth('RS256'));
          const second = await timedGet(server.url, auth('RS256'));
          if (cold.status !== 200 || second.status !== 200) throw new Error(`${contestant.id}: a valid token got ${cold.status}/${second.status}`);
          results.coldMs[contestant.id].push(cold.ms);
          results.secondMs[contestant.id].push(second.ms);
          if (round === 0) results.probes[contestant.id] = await probe(server.url, contestant.authenticates, auth('ES256'), refused);

          if (options.warmupSeconds > 0) await runLoad(server.url, algorithms.map(auth), options.warmupSeconds, options.connections);
          for (const alg of algOrder) {
            const summary = await runLoad(server.url, [auth(alg)], options.durationSeconds, options.connections);
            if (summary.non2xx > 0 || summary.errors > 0) {
              throw new Error(`${contestant.id} ${alg}: ${summary.non2xx} non-2xx responses and ${summary.errors} errors under load`);
            }
            results.runs[contestant.id][alg].push(summary);
            log(
              `round ${round + 1}/${options.rounds} ${contestant.id.padEnd(19)} ${alg}: ${Math.round(summary.requests / summary.durationSeconds)} req/s, ` +
                `p50 ${summary.latency.p50.toFixed(2)} ms, p99 ${summary.latency.p99.toFixed(2)} ms`,
            );
          }
        } finally {
          await stopChild(server.child);
        }
        results.jwksFetches[contestant.id].push(issuer.hits.jwks - jwksBefore);
      }
    }
    return results;
  } finally {
    await issuer.close();
  }
}

/** Checks that the contestant really applies the same checks: both algorithms pass, every bad token is refused. */
async function probe(
  url: string,
  authenticates: boolean,
  otherAlgorithm: string | undefined,
  refused: Record<string, string | undefined>,
): Promise<string> {
  if (!authenticates) return 'no checks (ceiling)';
  const es = await timedGet(url, otherAlgorithm);
  if (es.status !== 200) throw new Error(`${url}: a valid ES256 token got ${es.status}`);
  const outcomes: string[] = [];
  for (const [name, authorization] of Object.entries(refused)) {
    const { status } = await timedGet(url, authorization);
    if (status !== 401 && status !== 403 && status !== 400) throw new Error(`${url}: a token with ${name} got ${status}, expected a refusal`);
    outcomes.push(`${name} ${status}`);
  }
  return outcomes.join(', ');
}

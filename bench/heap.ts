import { createHmac } from 'node:crypto';
import { pathToFileURL } from 'node:url';
// The build in dist/ (as published), not the sources through tsx: see servers/guards/bearer-guard.ts.
import { createVerifier } from 'bearer-guard';

export interface HeapCheckpoint {
  tokens: number;
  heapUsedMiB: number;
  rssMiB: number;
}

export interface HeapResults {
  checkpoints: HeapCheckpoint[];
  /** Mean time per `verify` call (all misses: decode, HMAC, claims; the second call of a token also inserts it). */
  usPerToken: number;
  /** The verified-token cache bound in force (the default). */
  maxEntries: number;
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Pushes `count` distinct valid tokens through one verifier with the default token cache, and
 * reads the heap after a full GC at checkpoints. HS256 with a configured secret keeps minting
 * cheap (an HMAC, not an RSA signature). Every token is valid and verified twice, so every one is
 * cached: the cache takes a token at its second verification. Needs `--expose-gc`.
 */
export async function runHeap(count: number): Promise<HeapResults> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('bench/heap.ts needs node --expose-gc');
  const issuer = 'https://heap.bench.test';
  const audience = 'https://api.bench.test';
  const secret = Buffer.alloc(32, 7);
  // The default entry bound, spelled out so the report can state it.
  const maxEntries = 10_000;
  const verifier = createVerifier({ issuers: [{ issuer, secret, algorithms: ['HS256'] }], audience, tokenCache: { maxEntries } });
  const header = encode({ alg: 'HS256', typ: 'at+jwt' });
  const iat = Math.floor(Date.now() / 1000);
  const mint = (i: number) => {
    const payload = encode({ iss: issuer, sub: `user-${i}`, aud: audience, iat, exp: iat + 3600, jti: `jti-${i}`, scope: 'read:things', client_id: 'bench' });
    const input = `${header}.${payload}`;
    return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
  };

  const checkpoints: HeapCheckpoint[] = [];
  const measure = (tokens: number) => {
    gc();
    const { heapUsed, rss } = process.memoryUsage();
    checkpoints.push({ tokens, heapUsedMiB: heapUsed / 2 ** 20, rssMiB: rss / 2 ** 20 });
  };
  const marks = new Set([10_000, 100_000, Math.floor(count / 2), count].filter((n) => n <= count));
  measure(0);
  let verifyMs = 0;
  for (let i = 1; i <= count; i++) {
    const token = mint(i);
    const t0 = performance.now();
    await verifier.verify(token);
    await verifier.verify(token);
    verifyMs += performance.now() - t0;
    if (marks.has(i)) measure(i);
  }
  return { checkpoints, usPerToken: (verifyMs * 1000) / (2 * count), maxEntries };
}

async function main(): Promise<void> {
  const { formatHeap } = await import('./report.js');
  const countArg = process.argv.find((a) => a.startsWith('--heap-tokens='));
  const results = await runHeap(countArg ? Number(countArg.split('=')[1]) : 1_000_000);
  if (process.send) process.send({ type: 'heap', results });
  else console.log(formatHeap(results).join('\n'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

// Does checking signatures on libuv's thread pool (the callback form of crypto.verify) use a
// second core? A measurement for issue 20's "every core" item, not part of `npm run bench`:
//   npx tsx bench/thread-pool.ts [--seconds=5] [--rounds=2]
// An HTTP server verifies the RS256 or ES256 signature of every request's bearer token, either on
// the main thread (crypto.verify without a callback, what bearer-guard does) or on the thread pool
// (with a callback). Each runs pinned to one CPU (taskset, autocannon on the other) and unpinned
// (server and autocannon share both CPUs). Writes bench/results/thread-pool.md.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { generateKeyPairSync, sign, verify, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Mode = 'sync' | 'async';
type Alg = 'RS256' | 'ES256';
const algorithms: Alg[] = ['RS256', 'ES256'];
const modes: Mode[] = ['sync', 'async'];

const flag = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const here = fileURLToPath(import.meta.url);

if (process.env.THREAD_POOL_SERVE) serve(process.env.THREAD_POOL_SERVE as Mode, JSON.parse(process.env.THREAD_POOL_KEY!) as JsonWebKey, process.env.THREAD_POOL_ALG as Alg);
else await orchestrate();

/** The server child: 200 when the token's signature verifies, 401 otherwise. */
function serve(mode: Mode, jwk: JsonWebKey, alg: Alg) {
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  const options = alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' as const } : key;
  const server = createServer((req, res) => {
    const token = (req.headers.authorization ?? '').slice('Bearer '.length);
    const dot = token.lastIndexOf('.');
    const data = Buffer.from(token.slice(0, dot));
    const signature = Buffer.from(token.slice(dot + 1), 'base64url');
    const answer = (ok: boolean) => {
      res.statusCode = ok ? 200 : 401;
      res.end(ok ? 'ok' : 'no');
    };
    if (mode === 'sync') answer(verify('sha256', data, options, signature));
    else verify('sha256', data, options, signature, (error, ok) => answer(!error && ok));
  });
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as { port: number }).port }));
  process.on('disconnect', () => process.exit(0));
}

function tokenFor(alg: Alg): { token: string; jwk: JsonWebKey } {
  const { privateKey, publicKey } = alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const data = `${part({ alg, typ: 'JWT' })}.${part({ sub: 'bench', exp: 4_000_000_000 })}`;
  const signature = sign('sha256', Buffer.from(data), alg === 'ES256' ? { key: privateKey as KeyObject, dsaEncoding: 'ieee-p1363' } : privateKey);
  return { token: `${data}.${signature.toString('base64url')}`, jwk: publicKey.export({ format: 'jwk' }) };
}

function pinned(cpu: string | undefined, args: string[]): { command: string; args: string[] } {
  return cpu === undefined ? { command: process.execPath, args } : { command: 'taskset', args: ['-c', cpu, process.execPath, ...args] };
}

async function startServer(mode: Mode, alg: Alg, jwk: JsonWebKey, cpu: string | undefined): Promise<{ child: ChildProcess; port: number }> {
  const { command, args } = pinned(cpu, ['--import', 'tsx', here]);
  const child = spawn(command, args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, THREAD_POOL_SERVE: mode, THREAD_POOL_KEY: JSON.stringify(jwk), THREAD_POOL_ALG: alg },
  });
  const [message] = (await once(child, 'message')) as [{ port: number }];
  return { child, port: message.port };
}

async function load(generator: ChildProcess, url: string, authorization: string, seconds: number): Promise<number> {
  generator.send({ url, connections: 50, durationSeconds: seconds, authorizations: [authorization] });
  const [result] = (await once(generator, 'message')) as [{ type: string; requests: number; durationSeconds: number; non2xx: number; message?: string }];
  if (result.type !== 'result') throw new Error(`autocannon failed: ${result.message}`);
  if (result.non2xx > 0) throw new Error(`${result.non2xx} requests were refused: the benchmark token did not verify`);
  return result.requests / result.durationSeconds;
}

async function orchestrate() {
  const seconds = flag('seconds', 5);
  const rounds = flag('rounds', 2);
  const canPin = spawnSyncOk('taskset', ['-c', '0', 'true']);
  const placements: Array<{ name: string; server?: string; generator?: string }> = [
    ...(canPin ? [{ name: 'one CPU (server on CPU 1, autocannon on CPU 0)', server: '1', generator: '0' }] : []),
    { name: `unpinned (server and autocannon share ${cpus().length} CPUs)` },
  ];
  const rows: string[] = [];
  const started = Date.now();
  const loadAtStart = loadavg()[0]!;
  for (const alg of algorithms) {
    const { token, jwk } = tokenFor(alg);
    for (const placement of placements) {
      const { command, args } = pinned(placement.generator, [fileURLToPath(new URL('./load.mjs', import.meta.url))]);
      const generator = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      const results: Record<Mode, number[]> = { sync: [], async: [] };
      try {
        for (let round = 0; round < rounds; round++) {
          for (const mode of modes) {
            const server = await startServer(mode, alg, jwk, placement.server);
            try {
              const url = `http://127.0.0.1:${server.port}/`;
              await load(generator, url, `Bearer ${token}`, 1);
              results[mode].push(await load(generator, url, `Bearer ${token}`, seconds));
            } finally {
              server.child.kill();
            }
            console.log(`[${Math.round((Date.now() - started) / 1000)} s] ${alg} ${placement.name} ${mode}: ${Math.round(results[mode].at(-1)!)} req/s`);
          }
        }
      } finally {
        generator.kill();
      }
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      const sync = median(results.sync);
      const async = median(results.async);
      rows.push(`| ${alg} | ${placement.name} | ${Math.round(sync)} | ${Math.round(async)} | ${(async / sync).toFixed(2)}× |`);
    }
  }
  const report = [
    '# Signature checks on the main thread or on libuv\'s thread pool',
    '',
    `- Command: \`npx tsx bench/thread-pool.ts --seconds=${seconds} --rounds=${rounds}\`; ${new Date().toISOString()}, took ${Math.round((Date.now() - started) / 1000)} s`,
    `- Machine: ${cpus()[0]?.model.trim()}, ${cpus().length} CPUs; Node ${process.version}; load average ${loadAtStart.toFixed(2)} at the start, ${loadavg()[0]!.toFixed(2)} at the end`,
    `- A node:http server verifies each request's token signature (no JWT parsing beyond the split), 50 connections from autocannon in its own process, ${seconds} s per run after a 1 s warm-up, fresh server per run, upper median of ${rounds} interleaved rounds. Thread pool: UV_THREADPOOL_SIZE default (4).`,
    '',
    '| algorithm | placement | main thread req/s | thread pool req/s | thread pool ÷ main thread |',
    '| --- | --- | ---: | ---: | ---: |',
    ...rows,
    '',
  ].join('\n');
  writeFileSync(new URL('./results/thread-pool.md', import.meta.url), report);
  console.log(`\n${report}`);
}

function spawnSyncOk(command: string, args: string[]): boolean {
  return spawnSync(command, args).status === 0;
}

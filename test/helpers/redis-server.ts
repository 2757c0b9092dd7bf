import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';

/** A real redis-server on 127.0.0.1, started for one test file. */
export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** SIGSTOP: Redis accepts connections but answers nothing (a hung or overloaded Redis). */
  pause(): void;
  /** SIGCONT after {@link pause}. */
  resume(): void;
  stop(): Promise<void>;
}

/** Why the Redis tests cannot run here, or undefined when redis-server is on the PATH. */
export function redisUnavailableReason(): string | undefined {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    const reason = 'redis-server is not installed (Debian: apt-get install redis-server; .ci/run installs it)';
    // CI must never skip these: a missing server there is a broken setup, not an excuse.
    if (process.env.CI) throw new Error(`${reason}; CI requires the Redis tests to run`);
    return reason;
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForReady(child: ChildProcess): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${output}`)), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}: ${output}`));
    });
  });
}

/** Starts redis-server without persistence on a free loopback port. */
export async function startRedisServer(): Promise<RedisServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bearer-guard-redis-'));
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await waitForReady(child);
    } catch (error) {
      child.kill('SIGKILL');
      if (attempt < 3) continue;
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    child.stdout!.resume();
    return {
      url: `redis://127.0.0.1:${port}`,
      port,
      pause: () => child.kill('SIGSTOP'),
      resume: () => child.kill('SIGCONT'),
      async stop() {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGCONT');
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGKILL');
          await exited;
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}

const newClient = (url: string) => createClient({ url });
/** A node-redis client as the tests create it. */
export type TestRedisClient = ReturnType<typeof newClient>;

/** `count` connected node-redis clients of `server` (errors swallowed: the tests pause and stop Redis). */
export async function connectClients(server: RedisServer, count: number): Promise<TestRedisClient[]> {
  const clients = Array.from({ length: count }, () => newClient(server.url));
  for (const client of clients) {
    client.on('error', () => {});
    await client.connect();
  }
  return clients;
}

/**
 * The keys matching `pattern` once at least `atLeast` exist. bearer-guard sends shared writes
 * without waiting for them, so a request can be answered before its write reaches Redis.
 */
export async function writtenKeys(client: Pick<TestRedisClient, 'keys'>, pattern: string, atLeast = 1): Promise<string[]> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const keys = await client.keys(pattern);
    if (keys.length >= atLeast) return keys;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`fewer than ${atLeast} keys matching ${pattern} were written to Redis within 10 s`);
}

/** Resolves once no key matches `pattern` (a lease let go, say); the same bound as {@link writtenKeys}. */
export async function keysGone(client: Pick<TestRedisClient, 'keys'>, pattern: string): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt++) {
    if ((await client.keys(pattern)).length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`keys matching ${pattern} were still in Redis after 10 s`);
}

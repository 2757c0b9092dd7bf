import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const instanceScript = fileURLToPath(new URL('./fleet-instance.ts', import.meta.url));
/** Starting a process under tsx on a busy 2-core machine can take long; it is not what is tested. */
const startTimeoutMs = 180_000;

/** How an instance is (re)configured: a new, cold middleware. */
export interface InstanceConfig {
  issuer: string;
  audience: string;
  redisUrl?: string;
  lease?: string;
  waitForLease?: string;
  keyTimeout?: string;
  /** The issuer's opaque tokens are introspected as this client (sharing results when `redisUrl` is set). */
  introspectionClient?: { clientId: string; clientSecret: string };
}

/** One API instance running in its own process. */
export interface FleetInstance {
  readonly url: string;
  /** Replaces the instance's guard with a new, cold one. */
  configure(config: InstanceConfig): Promise<void>;
  /** GET /things with a bearer token. */
  get(token: string): Promise<{ status: number; retryAfter: string | null; body: string }>;
  kill(): Promise<void>;
}

/** Starts an instance and resolves once it listens; it exits when its stdin closes. */
export async function startInstance(): Promise<FleetInstance> {
  const child: ChildProcess = spawn(process.execPath, ['--conditions=bearer-guard-source', '--import', 'tsx', instanceScript], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiting = new Map<string, () => void>();
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('instance did not start in time')), startTimeoutMs);
    lines.on('line', (line) => {
      const message = JSON.parse(line) as { port?: number; ready?: number };
      if (message.port) {
        clearTimeout(timer);
        resolve(message.port);
      } else if (message.ready !== undefined) waiting.get(String(message.ready))?.();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`instance exited with ${code}`));
    });
  });
  let nextId = 0;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    configure(config) {
      const id = String(nextId++);
      const ready = new Promise<void>((resolve) => waiting.set(id, resolve));
      child.stdin!.write(`${JSON.stringify({ ...config, id: Number(id) })}\n`);
      return ready;
    },
    async get(token) {
      const response = await fetch(`${url}/things`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(60_000) });
      return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.text() };
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
  };
}

export function startFleet(count: number): Promise<FleetInstance[]> {
  return Promise.all(Array.from({ length: count }, () => startInstance()));
}

export async function configureFleet(instances: readonly FleetInstance[], config: InstanceConfig): Promise<void> {
  await Promise.all(instances.map((instance) => instance.configure(config)));
}

export async function stopFleet(instances: readonly FleetInstance[]): Promise<void> {
  await Promise.all(instances.map((instance) => instance.kill()));
}

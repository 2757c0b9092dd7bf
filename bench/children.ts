import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

/** Every child this process started, so that each one is stopped at the end, even after an error. */
const running = new Set<ChildProcess>();

export const benchDir = fileURLToPath(new URL('.', import.meta.url));
export const repoDir = fileURLToPath(new URL('..', import.meta.url));

export interface StartOptions {
  /** Run the script through tsx (TypeScript), or with plain node (.mjs). */
  typescript: boolean;
  env?: Record<string, string>;
  args?: string[];
  nodeOptions?: string[];
  /**
   * Run the process and all its threads on this CPU only, or on a taskset list such as
   * {@link everyCpu} (see {@link canPinCpus}). Without it, a child inherits this process's CPUs.
   */
  cpu?: number | string;
}

let pinning: boolean | undefined;

/**
 * True when processes can be pinned to CPUs: Linux `taskset` is there and the machine has at least
 * two. Pinned, the server gets one CPU and the load generator another, so neither steals from the
 * other, and a contestant that hands its signature checks to libuv's thread pool cannot borrow the
 * load generator's CPU: every contestant is measured on the same single CPU.
 */
export function canPinCpus(): boolean {
  pinning ??= cpus().length >= 2 && spawnSync('taskset', ['-c', '0', process.execPath, '-e', '0'], { stdio: 'ignore' }).status === 0;
  return pinning;
}

/** Every CPU of the machine as a taskset list: for a child of a process that pinned itself. */
export function everyCpu(): string {
  return `0-${cpus().length - 1}`;
}

/** Pins this process (all its threads) to one CPU. */
export function pinSelf(cpu: number): void {
  spawnSync('taskset', ['-a', '-p', '-c', String(cpu), String(process.pid)], { stdio: 'ignore' });
}

/** Forks `bench/<script>` with an IPC channel; its stdout/stderr go to ours. */
export function startChild(script: string, options: StartOptions): ChildProcess {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const execArgv = [...(options.typescript ? ['--import', 'tsx'] : []), ...(options.nodeOptions ?? [])];
  const spawnOptions = {
    cwd: repoDir,
    env: { ...process.env, NODE_ENV: 'production', ...options.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'] as ['ignore', 'inherit', 'inherit', 'ipc'],
  };
  // taskset execs node in place, so the IPC channel (an inherited fd named in the environment) still works.
  const child =
    options.cpu !== undefined && canPinCpus()
      ? spawn('taskset', ['-c', String(options.cpu), process.execPath, ...execArgv, path, ...(options.args ?? [])], spawnOptions)
      : fork(path, options.args ?? [], { ...spawnOptions, execArgv });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Resolves with the first IPC message that satisfies `accept`; rejects on exit, error or timeout. */
export function nextMessage<T>(child: ChildProcess, what: string, timeoutMs: number, accept: (message: unknown) => message is T): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`${what}: no answer within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: unknown) => {
      if (accept(message)) finish(undefined, message);
    };
    const onExit = (code: number | null, signal: string | null) =>
      finish(new Error(`${what}: process ended (code ${code}, signal ${signal}) before answering`));
    const onError = (error: Error) => finish(error);
    function finish(error: Error | undefined, message?: T) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      child.off('error', onError);
      if (error) reject(error);
      else resolve(message as T);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

/** Stops one child and waits (bounded) until it is gone. */
export async function stopChild(child: ChildProcess, graceMs = 2000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

/** Kills whatever is still running, by pid; used on every way out of the orchestrator. */
export function killAllChildren(): void {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
  running.clear();
}

/**
 * Runs an orchestrator's `main`: every child is killed on every way out (normal exit, error,
 * Ctrl-C, SIGTERM), and an error ends the process with code 1.
 */
export function runOrchestrator(main: () => Promise<void>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAllChildren();
      process.exit(130);
    });
  }
  process.once('exit', killAllChildren);
  main().catch((error: unknown) => {
    console.error(error);
    killAllChildren();
    process.exit(1);
  });
}

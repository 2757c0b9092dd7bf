// npm run consumers: the consumer matrix. Packs bearer-guard as it would be published, installs
// each fixture project (its own lockfile, from the registry) plus the tarball in a scratch
// directory, and runs the fixture's `npm test` on every Node version of the matrix.
//
//   node scripts/consumers/run.mjs [--only=jest,vitest] [--this-node-only]
//
// Needs `npm run build` first (the tarball ships dist/). Bounded: every command has a time limit.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listExtraNodeVersions, listFixtures } from './fixtures.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const thisNodeOnly = args.includes('--this-node-only');
const minute = 60_000;

/** Runs a command; resolves with its exit code and combined output, killing it past `timeoutMs`. */
function run(command, commandArgs, { cwd, env = process.env, timeoutMs }) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      output += `\n[killed after ${timeoutMs / 1000} s]`;
      process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Runs `task` over `items`, at most `limit` at a time, in order of the results. */
async function eachLimited(items, limit, task) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function must(result, what) {
  if (result.code !== 0) throw new Error(`${what} failed:\n${result.output.slice(-4000)}`);
  return result;
}

const scratch = mkdtempSync(join(tmpdir(), 'bearer-guard-consumers-'));
const started = Date.now();
try {
  if (!existsSync(join(root, 'dist/cjs/index.js')) || !existsSync(join(root, 'dist/esm/index.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first');
  }
  const packed = must(await run('npm', ['pack', '--silent', '--pack-destination', scratch], { cwd: root, timeoutMs: 2 * minute }), 'npm pack');
  const tarball = join(scratch, packed.output.trim().split('\n').pop());

  const runtimes = [{ label: `node ${process.version.slice(1)}`, pathPrefix: '' }];
  if (!thisNodeOnly && process.platform === 'linux' && process.arch === 'x64') {
    const dir = join(scratch, 'node-runtimes');
    cpSync(join(root, 'scripts/consumers/node-runtimes'), dir, { recursive: true });
    must(await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, timeoutMs: 10 * minute }), 'installing the Node runtimes');
    for (const { alias, version } of listExtraNodeVersions()) runtimes.push({ label: `node ${version}`, pathPrefix: join(dir, 'node_modules', alias, 'bin') });
  } else {
    console.log('Only the running Node: the extra runtimes are linux-x64 binaries (or --this-node-only was given).');
  }

  const fixtures = listFixtures().filter((f) => !only || only.includes(f.name));
  console.log(`Installing ${fixtures.length} fixtures (npm ci, then the packed ${tarball.split('/').pop()})…`);
  const installed = await eachLimited(fixtures, 3, async (fixture) => {
    const dir = join(scratch, fixture.name);
    cpSync(fileURLToPath(fixture.dir), dir, { recursive: true, filter: (source) => !/[\\/](node_modules|dist)$/.test(source) });
    const ci = await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, timeoutMs: 10 * minute });
    if (ci.code !== 0) return { fixture, dir, error: `npm ci failed:\n${ci.output}` };
    // --no-save: the lockfile stays the fixture's own; the tarball changes with every build.
    const add = await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', tarball], { cwd: dir, timeoutMs: 5 * minute });
    return add.code === 0 ? { fixture, dir } : { fixture, dir, error: `installing the tarball failed:\n${add.output}` };
  });

  const jobs = installed.flatMap((install) => runtimes.map((runtime) => ({ install, runtime })));
  const results = await eachLimited(jobs, 2, async ({ install, runtime }) => {
    if (install.error) return { install, runtime, ok: false, output: install.error, seconds: 0 };
    const env = { ...process.env, PATH: runtime.pathPrefix ? `${runtime.pathPrefix}:${process.env.PATH}` : process.env.PATH };
    const t0 = Date.now();
    const test = await run('npm', ['test'], { cwd: install.dir, env, timeoutMs: 3 * minute });
    const seconds = (Date.now() - t0) / 1000;
    console.log(`${test.code === 0 ? 'pass' : 'FAIL'}  ${install.fixture.path} on ${runtime.label} (${seconds.toFixed(1)} s)`);
    return { install, runtime, ok: test.code === 0, output: test.output, seconds };
  });

  const failed = results.filter((r) => !r.ok);
  for (const r of failed) console.log(`\n--- ${r.install.fixture.path} on ${r.runtime.label} ---\n${r.output.slice(-6000)}`);
  console.log(
    `\nConsumer matrix: ${results.length - failed.length}/${results.length} passed (${fixtures.length} projects × ${runtimes.map((r) => r.label).join(', ')}) in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  process.exitCode = failed.length === 0 ? 0 : 1;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

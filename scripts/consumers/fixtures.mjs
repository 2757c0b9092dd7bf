// The consumer matrix's projects, and the README "Works with" table made from them so that the
// two cannot differ (test/package/works-with.test.ts compares them).
import { readdirSync, readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);

/**
 * Every fixture: each directory of test/consumers/ and the NestJS example. Each is a project of its
 * own (package.json with a `description` of what it exercises, committed package-lock.json) whose
 * `npm test` runs one real test against the packed bearer-guard.
 */
export function listFixtures() {
  const consumers = readdirSync(new URL('test/consumers/', root), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `test/consumers/${entry.name}`);
  return [...consumers.sort(), 'examples/nest'].map((path) => {
    const manifest = JSON.parse(readFileSync(new URL(`${path}/package.json`, root), 'utf8'));
    return { path, name: path.split('/').pop(), description: manifest.description, dir: new URL(`${path}/`, root) };
  });
}

/** The Node.js versions the matrix runs on besides the one running it, from node-runtimes/. */
export function listExtraNodeVersions() {
  const lock = JSON.parse(readFileSync(new URL('scripts/consumers/node-runtimes/package-lock.json', root), 'utf8'));
  return Object.entries(lock.packages)
    .filter(([path]) => path.startsWith('node_modules/'))
    .map(([path, entry]) => ({ alias: path.slice('node_modules/'.length), version: entry.version }));
}

/** The README's "Works with" rows: one per fixture, and the Node versions. */
export function worksWithTable() {
  const extra = listExtraNodeVersions().map((runtime) => runtime.version);
  const rows = listFixtures().map((fixture) => `| [\`${fixture.path}\`](https://github.com/bearer-guard/bearer-guard/tree/main/${fixture.path}) | ${fixture.description} |`);
  return [
    `Each row is a project of its own that installs the packed package from its tarball and runs one real test on Node ${extra.join(', ')} and the Node running CI (20.20 today): a local issuer from \`bearer-guard/testing\`, a valid and a scope-less token, a real app, 200 and 403 asserted with \`expectChallenge\` (the framework-free row: 200 and 401). \`npm run consumers\` runs it; \`.ci/run\` runs it after the build.`,
    '',
    '| project | what it is |',
    '|---|---|',
    ...rows,
  ].join('\n');
}


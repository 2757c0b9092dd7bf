// After `npm run build`: every entry of the exports map loads from dist by the package name, from
// ESM (import) and CommonJS (require), and exports exactly the runtime names in public-surface.json.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const surface = JSON.parse(readFileSync(new URL('./public-surface.json', import.meta.url), 'utf8'));
const exportsMap = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).exports;
const require = createRequire(import.meta.url);
let failed = false;
const problem = (message) => {
  console.error(message);
  failed = true;
};

const entries = Object.keys(exportsMap).filter((entry) => entry !== './package.json');
for (const entry of entries) if (!(entry in surface)) problem(`${entry} is in the exports map but not in scripts/public-surface.json`);
for (const entry of Object.keys(surface)) {
  if (!entries.includes(entry)) problem(`${entry} is in scripts/public-surface.json but not in the exports map`);
  const specifier = entry === '.' ? 'bearer-guard' : `bearer-guard/${entry.slice(2)}`;
  const expected = JSON.stringify([...surface[entry].values].sort());
  for (const [how, load] of [
    ['import', () => import(specifier)],
    ['require', async () => require(specifier)],
  ]) {
    const names = JSON.stringify(Object.keys(await load()).filter((name) => name !== 'default' && name !== '__esModule').sort());
    if (names !== expected) problem(`${how}('${specifier}') exports ${names}; scripts/public-surface.json lists ${expected}`);
  }
}
if (failed) process.exit(1);
console.log('dist exports: ok');

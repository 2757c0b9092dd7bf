import { readFileSync, writeFileSync } from 'node:fs';
import { failureTable } from './failure-table.js';

const start = '<!-- failure-table:start -->';
const end = '<!-- failure-table:end -->';

/** The README with its failure table regenerated from the catalogue. */
export function readmeWithFailureTable(readme: string): string {
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from === -1 || to < from) throw new Error('README.md has no failure-table markers');
  return `${readme.slice(0, from + start.length)}\n${failureTable()}\n${readme.slice(to)}`;
}

if (process.argv[1]?.endsWith('update-readme.ts')) {
  const path = new URL('../README.md', import.meta.url);
  writeFileSync(path, readmeWithFailureTable(readFileSync(path, 'utf8')));
}

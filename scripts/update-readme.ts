import { readFileSync, writeFileSync } from 'node:fs';
import { worksWithTable } from './consumers/fixtures.mjs';
import { failureTable } from './failure-table.js';

/** The README with the part between `<!-- name:start -->` and `<!-- name:end -->` replaced. */
function replaceGenerated(readme: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from === -1 || to < from) throw new Error(`README.md has no ${name} markers`);
  return `${readme.slice(0, from + start.length)}\n${content}\n${readme.slice(to)}`;
}

/** The README with its failure table regenerated from the catalogue. */
export function readmeWithFailureTable(readme: string): string {
  return replaceGenerated(readme, 'failure-table', failureTable());
}

/** The README with its "Works with" table regenerated from the consumer matrix's projects. */
export function readmeWithWorksWith(readme: string): string {
  return replaceGenerated(readme, 'works-with', worksWithTable());
}

if (process.argv[1]?.endsWith('update-readme.ts')) {
  const path = new URL('../README.md', import.meta.url);
  writeFileSync(path, readmeWithWorksWith(readmeWithFailureTable(readFileSync(path, 'utf8'))));
}

#!/usr/bin/env node
// The installed package runs its build. In a clone of the repository before `npm run build`, it
// runs the sources through tsx (a devDependency there), so `npx bearer-guard` works right after
// `npm install`.
import { existsSync } from 'node:fs';

const built = new URL('../dist/esm/cli/bin.js', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write('bearer-guard: dist/ is missing and tsx is not installed; run `npm run build`\n');
    process.exit(2);
  }
  register();
  await import(new URL('../src/cli/bin.ts', import.meta.url).href);
}

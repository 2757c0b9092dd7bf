// npm run build: the ESM build into dist/esm and the CommonJS build into dist/cjs, each with its
// declarations and source maps (the maps point into src/, which the package ships).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const root = new URL('..', import.meta.url);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(new URL('dist', root), { recursive: true, force: true });
for (const project of ['tsconfig.build.json', 'tsconfig.cjs.json']) {
  execFileSync(process.execPath, [tsc, '-p', project], { cwd: root, stdio: 'inherit' });
}
// The package is "type": "module"; this marks the .js and .d.ts files under dist/cjs as CommonJS.
mkdirSync(new URL('dist/cjs', root), { recursive: true });
writeFileSync(new URL('dist/cjs/package.json', root), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);

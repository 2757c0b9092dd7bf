import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { describe, it } from 'node:test';
import ts from 'typescript';

/*
 * What the published code loads at run time. The CommonJS build is what Jest's default
 * configuration, Mocha in a CommonJS project and every `require()` load; Jest's module loader
 * cannot load an ES module through require() before Node 24.9, so nothing in that graph may be
 * one. jose 6 is ESM-only: it is the reference the differential tests compare with, not a runtime
 * dependency. See the README, "Module systems".
 */

const root = new URL('../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { dependencies?: Record<string, string> };
const dependencies = Object.keys(manifest.dependencies ?? {});

function sourceFiles(dir: URL): URL[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(new URL(`${entry.name}/`, dir)) : entry.name.endsWith('.ts') ? [new URL(entry.name, dir)] : [],
  );
}

/** Specifiers a file loads when it runs: type-only imports and exports are erased by the build. */
function runtimeSpecifiers(file: URL): string[] {
  const source = ts.createSourceFile(file.pathname, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.importClause?.namedBindings;
      const onlyTypes = !node.importClause?.name && named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      if (!onlyTypes) found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      found.push(argument && ts.isStringLiteral(argument) ? argument.text : '<computed>');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const packageName = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

describe('the runtime dependency graph', () => {
  it('src/ loads only node: builtins, its own files and the dependencies in package.json', () => {
    const problems: string[] = [];
    for (const file of sourceFiles(new URL('src/', root))) {
      for (const specifier of runtimeSpecifiers(file)) {
        if (specifier.startsWith('.') || specifier.startsWith('node:')) continue;
        if (builtinModules.includes(specifier)) continue;
        if (!dependencies.includes(packageName(specifier))) {
          problems.push(`${file.pathname.slice(new URL(root).pathname.length)} loads '${specifier}', which is not a dependency`);
        }
      }
    }
    assert.deepEqual(
      problems,
      [],
      'Runtime code may import only dependencies that CommonJS can require. For JOSE work use node:crypto ' +
        '(src/core/keys/import-public-key.ts, src/core/dpop/jwk-thumbprint.ts, src/core/jws/verify-signature.ts), or `import type`.',
    );
  });

  it('every dependency loads with require() where require(esm) is not available (as in Jest)', () => {
    for (const name of dependencies) {
      assert.doesNotThrow(
        () => execFileSync(process.execPath, ['--no-experimental-require-module', '-e', `require(${JSON.stringify(name)})`], { cwd: root, stdio: 'pipe' }),
        `${name} cannot be loaded by require() without require(esm): Jest's default configuration could not load bearer-guard`,
      );
    }
  });

  it('the check sees through erased imports: jose is not a dependency', () => {
    assert.ok(!dependencies.includes('jose'), 'jose is ESM-only; it belongs in devDependencies as the reference implementation');
  });
});

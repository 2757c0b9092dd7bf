// Turns one snippet (a README block or a TSDoc example) into a module tsc can check.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import type { Snippet } from './extract.js';

type Entry = '.' | './express' | './koa' | './testing' | './client' | './redis';
export type Surface = Record<Entry, { values: string[]; types: string[] }>;

/** The entry point a source file is published through, when it is one of the named ones. */
function entryOf(source: string | undefined): Entry | undefined {
  const area = /^src\/(testing|client|redis)\//.exec(source ?? '')?.[1];
  return area ? (`./${area}` as Entry) : undefined;
}

/** The names a piece of TypeScript binds with its imports (`import a, { b as c } from` → a, c). */
function importedNames(imports: string): Set<string> {
  const names = new Set<string>();
  const file = ts.createSourceFile('imports.ts', imports, ts.ScriptTarget.Latest);
  for (const statement of file.statements) {
    const clause = ts.isImportDeclaration(statement) ? statement.importClause : undefined;
    if (clause?.name) names.add(clause.name.text);
    const bindings = clause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) names.add(element.name.text);
  }
  return names;
}

/** The value and type names a source file declares with `export` (not its re-exports). */
function ownExports(file: string): { values: string[]; types: string[] } {
  const parsed = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const values: string[] = [];
  const types: string[] = [];
  for (const statement of parsed.statements) {
    if (!ts.canHaveModifiers(statement) || !ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) types.push(statement.name.text);
    else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) values.push(statement.name.text);
    else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name)) values.push(declaration.name.text);
    }
  }
  return { values: [...new Set(values)], types: [...new Set(types)] }; // overloads repeat a name
}

/** `import { a, b } from 'x';` for the names not already bound, or nothing. */
function importLine(names: string[], from: string, taken: Set<string>, type = false): string[] {
  const free = names.filter((name) => !taken.has(name));
  free.forEach((name) => taken.add(name));
  return free.length ? [`import ${type ? 'type ' : ''}{ ${free.join(', ')} } from '${from}';`] : [];
}

/**
 * Snippets are fragments: they use an `app`, a `token`, a Redis client or the package's names set
 * up elsewhere. Each is compiled as the body of a function whose parameters and constants give
 * those names their usual types, inside a block of its own so that a snippet may declare or
 * import them itself; its imports are hoisted.
 *
 * Every snippet may use the public names of the package root and of its adapter (Express, or Koa
 * when it names `bearer-guard/koa` or documents src/koa) and the public types of the root. A TSDoc
 * example may also use the public names of the entry point its file is published through
 * (`bearer-guard/testing`, `/client`, `/redis`) and whatever its own file exports, as a reader of
 * that file's documentation has them in view.
 */
export function asModule({ where, code, source }: Snippet, surface: Surface, root: string, outDir: string): string {
  const imports: string[] = [];
  const body: string[] = [];
  let inImport = false;
  for (const line of code.split('\n')) {
    if (inImport || /^import\s/.test(line)) {
      imports.push(line);
      inImport = !/;\s*$/.test(line);
    } else body.push(line);
  }
  const taken = importedNames(imports.join('\n'));
  const koa = /bearer-guard\/koa/.test(code) || source?.startsWith('src/koa/') === true;
  const adapter: Entry = koa ? './koa' : './express';
  const entry = entryOf(source);
  const given: string[] = [];
  if (source) {
    const own = ownExports(join(root, source));
    const path = relative(outDir, join(root, dirname(source), source.replace(/^.*\//, '').replace(/\.ts$/, '.js')));
    given.push(...importLine(own.values, path, taken), ...importLine(own.types, path, taken, true));
  }
  if (entry) given.push(...importLine(surface[entry].types, `bearer-guard/${entry.slice(2)}`, taken, true));
  given.push(...importLine(surface['.'].types, 'bearer-guard', taken, true));

  const adapterNames = surface[adapter].values;
  const rootNames = surface['.'].values.filter((name) => !adapterNames.includes(name));
  const appType = koa ? "import('koa')<import('bearer-guard/koa').AuthState>" : "import('express').Express";
  return [
    `// ${where}`,
    "import * as bearerGuard from 'bearer-guard';",
    `import * as adapter from 'bearer-guard/${adapter.slice(2)}';`,
    ...(entry ? [`import * as entry from 'bearer-guard/${entry.slice(2)}';`] : []),
    ...imports,
    ...given,
    'export async function snippet(',
    `  app: ${appType},`,
    '  token: string,',
    "  listUsers: import('express').RequestHandler,",
    "  handler: import('express').RequestHandler,",
    "  deleteUser: import('express').RequestHandler,",
    '  log: (event: unknown) => void,',
    '  issuers: string[],',
    '  audience: string,',
    '  redis: { get(key: string): Promise<string | null>; set(key: string, value: string, ...options: Array<string | number>): Promise<unknown> },',
    "  issuer: import('bearer-guard/testing').TestIssuer,",
    "  client: import('bearer-guard/client').TokenClient,",
    '): Promise<void> {',
    `  const { ${adapterNames.join(', ')} } = adapter;`,
    `  const { ${rootNames.join(', ')} } = bearerGuard;`,
    ...(entry ? [`  const { ${surface[entry].values.join(', ')} } = entry;`] : []),
    '  {',
    ...body.map((line) => `    ${line}`),
    '  }',
    '}',
    '',
  ].join('\n');
}

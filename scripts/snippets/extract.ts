import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One `ts` code block of the README or of a TSDoc `@example`. */
export interface Snippet {
  /** Where it stands, e.g. `README.md:104` or `src/testing/clock.ts:34`. */
  where: string;
  code: string;
  /** Why it is not compiled here, when it is not. */
  skipped?: string;
  /** For a TSDoc example: the source file it documents, relative to the root (`src/testing/clock.ts`). */
  source?: string;
  /** What is wrong with the block itself (the check fails on it without compiling). */
  broken?: string;
}

const notCompiled = /<!--\s*snippet not compiled:\s*(.+?)\s*-->\s*$/;

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(path, ext);
    return path.endsWith(ext) ? [path] : [];
  });
}

/**
 * The README's `ts` blocks. A block that is a verbatim copy of a file under examples/ is compiled
 * as that file (the README test holds them equal); a block preceded by
 * `<!-- snippet not compiled: reason -->` is skipped with that reason.
 */
export function readmeSnippets(root: string): Snippet[] {
  const lines = readFileSync(join(root, 'README.md'), 'utf8').split('\n');
  const examples = filesUnder(join(root, 'examples'), '.ts').map((file) => ({ file: relative(root, file), text: readFileSync(file, 'utf8') }));
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```ts') continue;
    const end = lines.indexOf('```', i + 1);
    const code = lines.slice(i + 1, end).join('\n');
    const where = `README.md:${i + 1}`;
    const marker = notCompiled.exec(lines.slice(Math.max(0, i - 2), i).join('\n'));
    // A copy may start by naming its file in a comment the file itself does not have.
    const copied = code.replace(/^\/\/ [\w./-]+\.ts\n/, '').trim();
    const copyOf = examples.find((example) => example.text.includes(copied));
    if (marker) snippets.push({ where, code, skipped: marker[1]! });
    else if (copyOf) snippets.push({ where, code, skipped: `a copy of ${copyOf.file}, compiled as that file` });
    else snippets.push({ where, code });
    i = end;
  }
  return snippets;
}

/** The opening and closing fence of a code block inside a doc comment: ` * ```ts` and ` * ``` `. */
const docFenceOpen = /^\s*\*\s?```ts\s*$/;
const docFenceClose = /^\s*\*\s?```\s*$/;

/**
 * The `ts` code blocks of every `@example` in the TSDoc of src/, with the comment's ` * ` margin
 * removed. An `@example` without a `ts` block, or whose block does not close before the comment
 * ends, is reported as broken, so a damaged example fails the check instead of vanishing from it.
 */
export function tsdocExamples(root: string): Snippet[] {
  const snippets: Snippet[] = [];
  for (const file of filesUnder(join(root, 'src'), '.ts').sort()) {
    const source = relative(root, file);
    const lines = readFileSync(file, 'utf8').split('\n');
    let example: number | undefined; // the line of an @example whose block is still to come
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const where = `${source}:${i + 1}`;
      if (example !== undefined && (/\*\//.test(line) || /^\s*\*\s*@\w/.test(line))) {
        snippets.push({ where: `${source}:${example + 1}`, code: '', source, broken: 'an @example without a ```ts block' });
        example = undefined;
      }
      if (/^\s*\*\s*@example\b/.test(line)) example = i;
      if (example === undefined || !docFenceOpen.test(line)) continue;
      example = undefined;
      const body: string[] = [];
      let end = i + 1;
      for (; end < lines.length && !docFenceClose.test(lines[end]!) && !/\*\//.test(lines[end]!); end++) {
        body.push(lines[end]!.replace(/^\s*\*( |$)/, ''));
      }
      const closed = end < lines.length && docFenceClose.test(lines[end]!);
      snippets.push(closed ? { where, code: body.join('\n'), source } : { where, code: '', source, broken: 'no closing ``` before the comment ends' });
      i = closed ? end : end - 1;
    }
  }
  return snippets;
}

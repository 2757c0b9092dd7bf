import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One `ts` code block of the README. */
export interface Snippet {
  /** Where it stands, e.g. `README.md:104`. */
  where: string;
  code: string;
  /** Why it is not compiled here, when it is not. */
  skipped?: string;
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

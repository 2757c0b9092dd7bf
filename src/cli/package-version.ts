import { readFileSync } from 'node:fs';

/**
 * The version of the installed bearer-guard, read from its package.json: two levels above this
 * file when it runs from src/cli, three from dist/esm/cli.
 */
export function packageVersion(): string {
  for (const relative of ['../../package.json', '../../../package.json']) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === 'bearer-guard' && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // not this level
    }
  }
  return 'unknown';
}

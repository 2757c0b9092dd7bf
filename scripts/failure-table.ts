import { failureCodes, type FailureInfo } from '../src/core/index.js';

/** The README's failure table, made from the catalogue so the two cannot differ. */
export function failureTable(): string {
  const rows = Object.entries(failureCodes as Record<string, FailureInfo>).map(([code, info]) => {
    const error = info.error ? `\`${info.error}\`${info.scheme ? ' (DPoP challenge)' : ''}` : '(no `error`)';
    const answer = info.status === 503 ? '503 + `Retry-After`' : `${info.status} ${error}`;
    return `| \`${code}\` | ${info.cause} | ${answer} | ${info.fix.replace(/\|/g, '\\|')} |`;
  });
  return ['| code | cause | answer | what to change |', '|---|---|---|---|', ...rows].join('\n');
}

if (process.argv[1]?.endsWith('failure-table.ts')) console.log(failureTable());

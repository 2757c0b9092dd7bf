/**
 * Shows an untrusted value (from a token that failed verification) in a description: strings as
 * `'…'`, cut to `max` characters. The result is sanitized again when it reaches a header.
 */
export function describeValue(value: unknown, max = 80): string {
  const text = typeof value === 'string' ? value : stringify(value);
  const cut = text.length > max ? `${text.slice(0, max)}...` : text;
  return `'${cut}'`;
}

/** Lists values as `'a', 'b' and 2 more`. */
export function describeList(values: readonly unknown[], shown = 3): string {
  const head = values.slice(0, shown).map((v) => describeValue(v)).join(', ');
  return values.length > shown ? `${head} and ${values.length - shown} more` : head;
}

/** JSON of an untrusted value; never throws (JSON nested thousands deep overflows the stack). */
function stringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Array.isArray(value) ? '[...nested too deep...]' : '{...nested too deep...}';
  }
}

/**
 * JSON.parse silently keeps the last of two members with the same name, which lets
 * `{"alg":"RS256","alg":"none"}` mean different things to different parsers (RFC 8725 §3.10), so
 * token headers and payloads with duplicates are refused. Two steps: a cheap count on every token
 * (`hasDuplicateMember`), and the name of the duplicate only for a token that has one.
 */

function isJsonWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Index of the quote that closes the string opened at `open`, or -1. */
function closingQuote(json: string, open: number): number {
  let end = json.indexOf('"', open + 1);
  while (end !== -1) {
    let backslashes = 0;
    while (json.charCodeAt(end - 1 - backslashes) === 0x5c /* \ */) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = json.indexOf('"', end + 1);
  }
  return -1;
}

/** How many member names the JSON text holds, in all its objects: strings followed by a colon. */
function countMemberNames(json: string): number {
  let count = 0;
  // Outside strings a quote can only open a string, so jumping from quote to quote is exact.
  let open = json.indexOf('"');
  while (open !== -1) {
    const close = closingQuote(json, open);
    if (close === -1) break;
    let next = close + 1;
    while (isJsonWhitespace(json.charCodeAt(next))) next++;
    if (json.charCodeAt(next) === 0x3a /* : */) count++;
    open = json.indexOf('"', next);
  }
  return count;
}

/** How many own members the objects of a parsed JSON value hold, all levels together. */
function countMembers(value: unknown): number {
  let count = 0;
  // A stack rather than recursion: nesting depth is chosen by whoever wrote the token.
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next !== 'object' || next === null) continue;
    if (Array.isArray(next)) {
      for (const element of next) if (typeof element === 'object' && element !== null) pending.push(element);
      continue;
    }
    const names = Object.keys(next);
    count += names.length;
    for (const name of names) {
      const member = (next as Record<string, unknown>)[name];
      if (typeof member === 'object' && member !== null) pending.push(member);
    }
  }
  return count;
}

/**
 * Whether any object in `json` names a member twice, given `parsed = JSON.parse(json)`: the text
 * has more member names than the parsed objects have members exactly when a parse dropped one.
 */
export function hasDuplicateMember(json: string, parsed: unknown): boolean {
  return countMemberNames(json) !== countMembers(parsed);
}

/**
 * Returns the first member name that occurs twice in one object of a JSON text, or undefined.
 * Call only on text `JSON.parse` accepted.
 */
export function findDuplicateMember(json: string): string | undefined {
  const stack: Array<{ names: Set<string>; expectName: boolean } | null> = [];
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === 0x7b /* { */) stack.push({ names: new Set(), expectName: true });
    else if (c === 0x5b /* [ */) stack.push(null);
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) stack.pop();
    else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top) top.expectName = true;
    } else if (c === 0x22 /* " */) {
      const start = i;
      let escaped = false;
      for (i++; i < json.length && json.charCodeAt(i) !== 0x22; i++) {
        if (json.charCodeAt(i) === 0x5c /* \ */) {
          i++;
          escaped = true;
        }
      }
      const top = stack[stack.length - 1];
      if (top?.expectName) {
        // Without an escape the raw characters are the name; JSON.parse only for the rare escaped one.
        const name = escaped ? (JSON.parse(json.slice(start, i + 1)) as string) : json.slice(start + 1, i);
        if (top.names.has(name)) return name;
        top.names.add(name);
        top.expectName = false;
      }
    }
  }
  return undefined;
}

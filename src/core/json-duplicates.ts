/**
 * Returns the first member name that occurs twice in one object of a JSON text, or undefined.
 * `JSON.parse` silently keeps the last duplicate, which lets `{"alg":"RS256","alg":"none"}` mean
 * different things to different parsers (RFC 8725 §3.10), so token headers and payloads with
 * duplicates are refused. Call only on text `JSON.parse` accepted.
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

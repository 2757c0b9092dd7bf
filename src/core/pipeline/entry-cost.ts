/**
 * Upper bounds, in bytes, of what V8 (64-bit, no pointer compression) holds for values decoded from
 * JSON, measured with heap snapshots of the worst shapes: nested empty arrays cost about 28 bytes
 * per JSON byte, flat empty objects 21, keys and strings far less. Each figure below is above every
 * measurement, so the sum bounds the real cost whatever the token's shape.
 */
const objectBytes = 64;
const propertyBytes = 48;
const arrayBytes = 64;
const elementBytes = 16;
const stringBytes = 32;
const numberBytes = 16;

/** The cost of a string of this length, counted as two bytes a character. */
function stringCost(length: number): number {
  return stringBytes + 2 * length;
}

/**
 * An upper bound of the heap held by a JSON-like value (objects, arrays, strings, numbers), or
 * `Infinity` as soon as it passes `limit`. A stack rather than recursion: claims may nest
 * thousands deep. Symbol-keyed members are not counted (they point at shared objects).
 */
export function estimateHeapBytes(value: unknown, limit: number): number {
  let bytes = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') bytes += stringCost(next.length);
    else if (typeof next === 'number') bytes += numberBytes;
    else if (Array.isArray(next)) {
      bytes += arrayBytes + elementBytes * next.length;
      for (const member of next) pending.push(member);
    } else if (typeof next === 'object' && next !== null) {
      bytes += objectBytes;
      for (const key of Object.keys(next)) {
        bytes += propertyBytes + stringCost(key.length);
        pending.push((next as Record<string, unknown>)[key]);
      }
    }
    if (bytes > limit) return Number.POSITIVE_INFINITY;
  }
  return bytes;
}

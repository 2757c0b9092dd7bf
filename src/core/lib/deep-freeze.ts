/**
 * Freezes an object and every object reachable from it; already frozen objects are not walked
 * again. A stack rather than recursion, as token headers are frozen before anything vouches for them.
 */
export function deepFreeze<T>(value: T): T {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next !== 'object' || next === null || Object.isFrozen(next)) continue;
    Object.freeze(next);
    for (const member of Object.values(next)) if (typeof member === 'object' && member !== null) pending.push(member);
  }
  return value;
}

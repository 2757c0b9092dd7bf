/** Most kids remembered as absent; older ones are forgotten first. */
export const maxAbsentKids = 1000;

/**
 * Kids that a refresh made for them did not find: while remembered, they are answered 401 without
 * spending the refresh budget, so a client stuck on a withdrawn key cannot use up the budget a
 * genuine rotation needs. Bounded by count (kids are at most 256 characters: about 0.6 MB at most).
 */
export interface AbsentKids {
  remember(kid: string, now: number): void;
  has(kid: string, now: number): boolean;
}

export function createAbsentKids(memoryMs: number, maxEntries = maxAbsentKids): AbsentKids {
  const rememberedAt = new Map<string, number>();
  return {
    remember(kid, now) {
      rememberedAt.delete(kid);
      rememberedAt.set(kid, now);
      if (rememberedAt.size > maxEntries) rememberedAt.delete(rememberedAt.keys().next().value!);
    },
    has(kid, now) {
      const at = rememberedAt.get(kid);
      if (at === undefined) return false;
      // Forgotten when the memory ends, and when the clock steps back past it.
      if (now < at || now - at >= memoryMs) {
        rememberedAt.delete(kid);
        return false;
      }
      return true;
    },
  };
}

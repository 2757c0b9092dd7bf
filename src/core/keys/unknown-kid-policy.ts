import type { AbsentKids } from './absent-kids.js';
import type { BackoffState } from './backoff-state.js';
import { KeySourceFailure } from './key-source-failure.js';
import type { RefreshBudget } from './refresh-budget.js';

/** What to do with a token whose `kid` the current key set does not have. */
export type UnknownKidDecision =
  /** A refresh is under way: wait for it and look again. */
  | { action: 'wait' }
  /** The budget allowed a refresh (and it has been spent): refresh, then look again. */
  | { action: 'refresh' }
  /** 401: the kid is absent from a key set fetched after it was first seen, or moments ago. */
  | { action: 'refuse' }
  /** 503: we cannot look now and cannot stand behind a 401; `failure.retryAt` is our next real attempt. */
  | { action: 'unavailable'; failure: KeySourceFailure };

export interface UnknownKidState {
  readonly refreshing: boolean;
  readonly budget: RefreshBudget;
  readonly backoff: BackoffState;
  readonly absent: AbsentKids;
}

/**
 * The moment an unknown kid will really make us ask the IdP again: the later of the end of the
 * IdP's (or our error) backoff and the refresh budget's next refresh.
 */
export function nextUnknownKidLookupAt(state: Pick<UnknownKidState, 'budget' | 'backoff'>, now: number): number {
  const failure = state.backoff.lastFailure(now);
  const blockedUntil = failure && now < failure.retryAt ? failure.retryAt : now;
  return Math.max(blockedUntil, state.budget.nextAt(now));
}

/** A failure whose retry time is the next real attempt for an unknown kid. */
export function unknownKidFailure(failure: KeySourceFailure, state: Pick<UnknownKidState, 'budget' | 'backoff'>, now: number): KeySourceFailure {
  const retryAt = Math.max(failure.retryAt, nextUnknownKidLookupAt(state, now));
  return retryAt === failure.retryAt ? failure : new KeySourceFailure(failure.code, failure.description, retryAt);
}

/**
 * The unknown-kid rule. A forged kid and the first token of a rotated key look the same, so every
 * unknown kid competes for one refresh budget; whichever takes it, the refresh fetches the whole key
 * set, so a rotation is picked up within one budget interval however many forged kids arrive.
 * Kids a refresh did not find are remembered and refused without spending the budget. The IdP's
 * backoff is never spent on: while it lasts, or while the last attempt failed, the answer is 503.
 */
export function decideUnknownKid(kid: string | undefined, state: UnknownKidState, now: number): UnknownKidDecision {
  if (state.refreshing) return { action: 'wait' };
  if (kid !== undefined && state.absent.has(kid, now)) return { action: 'refuse' };
  const failure = state.backoff.lastFailure(now);
  if (failure && now < failure.retryAt) return { action: 'unavailable', failure: unknownKidFailure(failure, state, now) };
  if (state.budget.tryTake(now)) return { action: 'refresh' };
  // No refresh now. The budget is empty, so the last attempt was less than one interval ago.
  if (failure) return { action: 'unavailable', failure: unknownKidFailure(failure, state, now) };
  return { action: 'refuse' };
}

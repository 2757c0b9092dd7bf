import type { TokenClientEvent, TokenTargetInfo } from './events.js';
import type { TokenTarget } from './provider.js';
import type { HeldToken } from './request-token.js';
import type { TokenSource } from './token-source.js';

/** Tokens per target, each with at most one request in flight. */
export interface TokenCache {
  get(target: TokenTarget): Promise<string>;
  /** Forgets `accessToken` if it is still the cached one (the API refused it). True if it was. */
  invalidate(accessToken: string): boolean;
}

interface Slot {
  readonly target: TokenTarget;
  readonly info: TokenTargetInfo;
  token: HeldToken | undefined;
  inFlight: Promise<HeldToken> | undefined;
  inFlightMode: 'foreground' | 'background' | undefined;
  /** Why the next token replaces the current one, for the event. */
  replacing: 'refresh_ahead' | 'expired' | 'rejected' | undefined;
}

// Targets are few in practice (one per API and scope set); the bound keeps a bug that varies
// scopes per call from growing memory without limit.
const maxSlots = 1000;

/**
 * The cache of one client: a token per distinct scope/audience/resource set, served until its
 * refresh margin, then refreshed ahead in the background while it stays valid; concurrent callers
 * of a cold or expired target share one request.
 */
export function createTokenCache(source: TokenSource, clock: () => number, emit: (event: TokenClientEvent) => void): TokenCache {
  const slots = new Map<string, Slot>();

  const slotFor = (target: TokenTarget): Slot => {
    const key = JSON.stringify([target.scope, target.audience ?? null, target.resource]);
    let slot = slots.get(key);
    if (!slot) {
      if (slots.size >= maxSlots) slots.delete(slots.keys().next().value as string);
      slot = { target, info: infoOf(target), token: undefined, inFlight: undefined, inFlightMode: undefined, replacing: undefined };
      slots.set(key, slot);
    }
    return slot;
  };

  const start = (slot: Slot, mode: 'foreground' | 'background'): Promise<HeldToken> => {
    const reason = slot.token === undefined ? slot.replacing : mode === 'background' ? 'refresh_ahead' : (slot.replacing ?? 'expired');
    const flight = source.fetch(slot.target, mode).then(({ token, attempts }) => {
      if (reason === undefined) emit({ type: 'token_fetched', target: slot.info, expiresAt: token.expiresAt, attempts });
      else emit({ type: 'token_refreshed', target: slot.info, expiresAt: token.expiresAt, attempts, reason });
      slot.token = token;
      slot.replacing = undefined;
      return token;
    });
    slot.inFlight = flight;
    slot.inFlightMode = mode;
    const clear = (): void => {
      if (slot.inFlight !== flight) return;
      slot.inFlight = undefined;
      slot.inFlightMode = undefined;
    };
    flight.then(clear, clear);
    return flight;
  };

  return {
    async get(target) {
      const slot = slotFor(target);
      const now = clock();
      const held = slot.token;
      if (held && now < held.expiresAt) {
        if (now >= held.refreshAt && slot.inFlight === undefined && now >= source.blockedUntil()) {
          // The old token keeps serving; a failed refresh is reported by events and tried again later.
          start(slot, 'background').catch(() => {});
        }
        emit({ type: 'token_served_from_cache', target: slot.info, expiresAt: held.expiresAt });
        return held.accessToken;
      }
      if (held) {
        slot.token = undefined;
        slot.replacing ??= 'expired';
      }
      if (slot.inFlight && slot.inFlightMode === 'background') {
        try {
          return (await slot.inFlight).accessToken;
        } catch {
          // A background attempt gives up without waiting; this caller may wait and retry.
        }
      }
      return (await (slot.inFlight ?? start(slot, 'foreground'))).accessToken;
    },
    invalidate(accessToken) {
      for (const slot of slots.values()) {
        if (slot.token?.accessToken === accessToken) {
          slot.token = undefined;
          slot.replacing = 'rejected';
          return true;
        }
      }
      return false;
    },
  };
}

function infoOf(target: TokenTarget): TokenTargetInfo {
  return {
    scope: target.scope.join(' '),
    ...(target.audience === undefined ? {} : { audience: target.audience }),
    ...(target.resource.length === 0 ? {} : { resource: [...target.resource] }),
  };
}

import assert from 'node:assert/strict';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenClient, type TokenClient, type TokenClientEvent, type TokenClientOptions } from '../../src/client/index.js';
import { createTestClock, createTestIssuer, type TestClock, type TestIssuer } from '../../src/testing/index.js';
import { busyMachineTimeout } from '../helpers/busy-machine.js';

export const clientId = 'svc-orders';
export const clientSecret = 'orders-secret-DO-NOT-LOG';
export const api = 'https://api.example.test';

/** A kit issuer with one registered client; its clock is the scenario's. */
export interface ClientHarness {
  readonly issuer: TestIssuer;
  scenario(options?: Partial<TokenClientOptions>): Scenario;
  close(): Promise<void>;
}

/** One fresh client: a clock its sleeps advance (no real waiting), the waits it asked for, its events. */
export interface Scenario {
  readonly issuer: TestIssuer;
  readonly clock: TestClock;
  readonly client: TokenClient;
  /** Every wait the client asked its sleep for, in ms. */
  readonly waits: number[];
  readonly events: TokenClientEvent[];
  eventsOf<T extends TokenClientEvent['type']>(type: T): Extract<TokenClientEvent, { type: T }>[];
  /** Another client on this scenario's clock, waits and events, with `overrides` on top. */
  clientWith(overrides: Partial<TokenClientOptions>): TokenClient;
}

export async function startClientHarness(): Promise<ClientHarness> {
  let clock = createTestClock();
  const issuer = await createTestIssuer({ clock: () => clock.now() });
  issuer.registerClient({ clientId, clientSecret, scopes: ['orders:read', 'orders:write'], audiences: [api, 'https://billing.example.test'] });
  return {
    issuer,
    scenario(options = {}) {
      clock = createTestClock();
      const current = clock;
      issuer.restore();
      issuer.resetHits();
      const waits: number[] = [];
      const events: TokenClientEvent[] = [];
      const clientWith = (overrides: Partial<TokenClientOptions>): TokenClient =>
        createTokenClient({
          issuer: issuer.issuer,
          clientId,
          clientSecret,
          clock: current.now,
          sleep: async (ms) => {
            waits.push(ms);
            current.advance(ms);
          },
          random: () => 0.5,
          timeout: busyMachineTimeout,
          onEvent: (event) => events.push(event),
          ...overrides,
        });
      return {
        issuer,
        clock: current,
        client: clientWith(options),
        clientWith,
        waits,
        events,
        eventsOf: <T extends TokenClientEvent['type']>(type: T) => events.filter((e): e is Extract<TokenClientEvent, { type: T }> => e.type === type),
      };
    },
    close: () => issuer.close(),
  };
}

/** The claims of a JWT, unverified (the tests check what the issuer put in). */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The rejection of `promise`; fails the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

export const second = 1000;
export const minute = 60 * second;

/** Lets background work finish: polls `condition` (bounded), with no assumption about timing. */
export async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 1));
  assert.ok(condition(), 'condition not reached');
}

/** A downstream API listening on 127.0.0.1 (ephemeral port), as the token client's callers see it. */
export interface RunningApi {
  /** `http://127.0.0.1:{port}`. */
  readonly base: string;
  close(): Promise<void>;
}

/** Serves `app` (an Express app or any request listener) on 127.0.0.1. */
export async function serveApi(app: RequestListener): Promise<RunningApi> {
  // A deep backlog: tests open a thousand connections at once.
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0, backlog: 2048 }, resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

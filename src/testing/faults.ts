import type { ServerResponse } from 'node:http';
import { send, type EndpointResponse } from './respond.js';

/** An endpoint of the test authorization server that faults can be injected into. */
export type FaultEndpoint = 'jwks' | 'discovery' | 'token' | 'introspection';

/**
 * What a faulty endpoint does instead of answering normally.
 *
 * - `{ status, headers?, body? }`: that response (e.g. `{ status: 429, headers: { 'retry-after': '17' } }`);
 *   without `body`, a small JSON error body.
 * - `{ json, headers? }`: 200 with that JSON (e.g. `{ keys: [] }`).
 * - `'garbage'`: 200 with an HTML page instead of JSON.
 * - `'hang'`: accept the request and never answer until `restore()` (which then
 *   answers it normally) or `close()`.
 * - `'reset'`: destroy the connection without a response (a network error for the client).
 */
export type Fault =
  | { status: number; headers?: Record<string, string>; body?: string }
  | { json: unknown; headers?: Record<string, string> }
  | 'garbage'
  | 'hang'
  | 'reset';

/** Options of `fail()`. */
export interface FailOptions {
  /** Apply the fault to the next request only, then answer normally again. */
  once?: boolean;
}

/** Live request counters of one authorization server. */
export interface HitCounters {
  readonly jwks: number;
  readonly discovery: number;
  /** `POST` requests to the token endpoint. */
  readonly token: number;
  /** `POST` requests to the introspection endpoint. */
  readonly introspection: number;
}

/** @internal */
export interface FaultInjector {
  fail(endpoint: FaultEndpoint, fault: Fault, options?: FailOptions): void;
  restore(endpoint?: FaultEndpoint): void;
  readonly hits: HitCounters;
  resetHits(): void;
  /**
   * Counts the request, then answers it with the active fault or `normal()`.
   * `normal` runs per request so that key rotation shows at once; it may be asynchronous.
   */
  handle(endpoint: FaultEndpoint, res: ServerResponse, normal: () => EndpointResponse | Promise<EndpointResponse>): void;
}

const ENDPOINTS: readonly FaultEndpoint[] = ['jwks', 'discovery', 'token', 'introspection'];

/**
 * Holds the faults, parked ("hanging") requests and hit counters of one
 * authorization server.
 *
 * @internal
 */
export function createFaultInjector(): FaultInjector {
  const counts = { jwks: 0, discovery: 0, token: 0, introspection: 0 };
  const active = new Map<FaultEndpoint, { fault: Fault; once: boolean }>();
  const parked = new Map<FaultEndpoint, Set<() => void>>(ENDPOINTS.map((endpoint) => [endpoint, new Set()]));

  type Normal = () => EndpointResponse | Promise<EndpointResponse>;
  const answer = (endpoint: FaultEndpoint, res: ServerResponse, normal: Normal): void => {
    const entry = active.get(endpoint);
    if (entry?.once) active.delete(endpoint);
    const fault = entry?.fault;
    if (fault === undefined) return sendNormal(res, normal);
    if (fault === 'hang') {
      const waiting = parked.get(endpoint) ?? new Set();
      const resume = (): void => answer(endpoint, res, normal);
      waiting.add(resume);
      // A client that gives up (abort, timeout) must not be answered later.
      res.once('close', () => waiting.delete(resume));
      return;
    }
    if (fault === 'reset') {
      res.socket?.destroy();
      return;
    }
    send(res, faultResponse(fault));
  };

  return {
    fail(endpoint, fault, options = {}) {
      checkEndpoint(endpoint);
      checkFault(fault);
      active.set(endpoint, { fault, once: options.once === true });
    },
    restore(endpoint) {
      if (endpoint !== undefined) checkEndpoint(endpoint);
      for (const name of endpoint === undefined ? ENDPOINTS : [endpoint]) {
        active.delete(name);
        const waiting = parked.get(name);
        if (!waiting) continue;
        const resumes = [...waiting];
        waiting.clear();
        for (const resume of resumes) resume();
      }
    },
    hits: {
      get jwks() {
        return counts.jwks;
      },
      get discovery() {
        return counts.discovery;
      },
      get token() {
        return counts.token;
      },
      get introspection() {
        return counts.introspection;
      },
    },
    resetHits() {
      counts.jwks = 0;
      counts.discovery = 0;
      counts.token = 0;
      counts.introspection = 0;
    },
    handle(endpoint, res, normal) {
      counts[endpoint] += 1;
      answer(endpoint, res, normal);
    },
  };
}

function sendNormal(res: ServerResponse, normal: () => EndpointResponse | Promise<EndpointResponse>): void {
  const response = normal();
  if (!(response instanceof Promise)) return send(res, response);
  response.then(
    (ready) => send(res, ready),
    () => send(res, { status: 500, headers: { 'content-type': 'application/json' }, body: '{"error":"server_error"}' }),
  );
}

function faultResponse(fault: Exclude<Fault, 'hang' | 'reset'>): EndpointResponse {
  if (fault === 'garbage') {
    return {
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: '<!doctype html><html><body><h1>Service temporarily unavailable</h1></body></html>',
    };
  }
  if ('json' in fault) {
    const headers = { 'content-type': 'application/json', ...lowerCaseNames(fault.headers) };
    return { status: 200, headers, body: JSON.stringify(fault.json) ?? 'null' };
  }
  const defaultBody = fault.body === undefined;
  const headers: Record<string, string> = {
    'content-type': defaultBody ? 'application/json' : 'text/plain; charset=utf-8',
    ...lowerCaseNames(fault.headers),
  };
  const body = fault.body ?? JSON.stringify({ error: 'injected_fault', status: fault.status });
  return { status: fault.status, headers, body };
}

function lowerCaseNames(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
}

function checkEndpoint(endpoint: string): void {
  if (!ENDPOINTS.includes(endpoint as FaultEndpoint)) {
    throw new TypeError(`endpoint must be one of ${ENDPOINTS.map((e) => `'${e}'`).join(', ')}, got '${endpoint}'`);
  }
}

function checkFault(fault: Fault): void {
  if (fault === 'hang' || fault === 'garbage' || fault === 'reset') return;
  if (typeof fault === 'object' && fault !== null) {
    if ('json' in fault) return;
    if (Number.isInteger(fault.status) && fault.status >= 100 && fault.status <= 599) return;
  }
  throw new TypeError(
    "fault must be { status: 100-599, headers?, body? }, { json }, 'garbage', 'hang' or 'reset'; got " +
      JSON.stringify(fault),
  );
}

import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import {
  createTestClock,
  createTestIssuer,
  expectChallenge,
  parseWwwAuthenticate,
  type NamedTokens,
  type TestClock,
  type TestIssuer,
} from '../../src/testing/index.js';
import { rawRequest } from '../helpers/raw-request.js';
import { adapters, matrixOptions, MATRIX_ISSUER, MATRIX_REALM, MATRIX_RESOURCE_METADATA, MATRIX_START, type MatrixAdapter } from './adapters.js';
import { cases, type CaseKit, type CaseRequest, type MatrixCase } from './cases.js';

/** What a response showed on the wire; must be equal for every adapter. */
interface Observed {
  status: number;
  wwwAuthenticate: string | undefined;
  cacheControl: string | undefined;
  retryAfter: string | undefined;
  contentType: string | undefined;
  allowOrigin: string | undefined;
  body: string;
}

function kitFor(issuer: TestIssuer, clock: TestClock): CaseKit {
  const named = Object.fromEntries(
    Object.entries(issuer.tokens).map(([name, mint]) => [name, (options = {}) => mint({ issuer: MATRIX_ISSUER, ...options })]),
  ) as unknown as NamedTokens;
  return { token: (options = {}) => issuer.token({ issuer: MATRIX_ISSUER, ...options }), tokens: named, issuer, clock };
}

function pathOf(request: CaseRequest): string {
  const query = request.query ? `?${new URLSearchParams(request.query)}` : '';
  return `${request.path}${query}`;
}

const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value.join(', ') : value);

async function run(adapter: MatrixAdapter, issuer: TestIssuer, clock: TestClock, matrixCase: MatrixCase): Promise<Observed> {
  clock.set(MATRIX_START);
  const kit = kitFor(issuer, clock);
  let server: Server | undefined;
  try {
    // A fresh app per case: its key cache is cold and no case can leak into the next.
    server = await adapter.start(matrixOptions(issuer, clock));
    const request = await matrixCase.request(kit);
    matrixCase.arrange?.(kit);
    const res = await rawRequest(server, pathOf(request), request.lines ?? []);
    return {
      status: res.status,
      wwwAuthenticate: single(res.headers['www-authenticate']),
      cacheControl: single(res.headers['cache-control']),
      retryAfter: single(res.headers['retry-after']),
      contentType: single(res.headers['content-type']),
      allowOrigin: single(res.headers['access-control-allow-origin']),
      body: res.body,
    };
  } finally {
    issuer.restore();
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server!.close(resolve));
    }
  }
}

function check(observed: Observed, { expect }: MatrixCase): void {
  assert.equal(observed.status, expect.status, `status (body: ${observed.body})`);
  assert.match(observed.contentType ?? '', /^application\/json; charset=utf-8$/i);
  const body = JSON.parse(observed.body) as Record<string, unknown>;
  assert.equal(observed.allowOrigin, expect.allowOrigin);
  if (expect.status === 200) {
    assert.equal(observed.wwwAuthenticate, undefined);
    assert.equal(body.code, undefined);
    if (expect.json !== undefined) assert.deepEqual(body, expect.json);
    return;
  }
  assert.equal(observed.cacheControl, 'no-store');
  assert.equal(body.code, expect.code);
  assert.equal(body.error, expect.error ?? undefined);
  assert.equal(typeof body.error_description, 'string');
  assert.ok(!/\bat .*\.(ts|js):\d+/.test(observed.body), 'no stack trace in the body');
  if (expect.status === 503) {
    assert.equal(observed.wwwAuthenticate, undefined, 'a 503 carries no challenge');
    if (expect.retryAfter === true) assert.match(observed.retryAfter ?? '', /^[1-9]\d*$/);
    else if (expect.retryAfter !== undefined) assert.equal(observed.retryAfter, expect.retryAfter);
    return;
  }
  assert.equal(observed.retryAfter, undefined);
  const header = observed.wwwAuthenticate;
  assert.ok(header, 'a 4xx carries a challenge');
  const challenges = parseWwwAuthenticate(header);
  assert.equal(challenges.length, 1, header);
  const { params } = challenges[0]!;
  assert.equal(params.realm, MATRIX_REALM);
  assert.equal(params.resource_metadata, MATRIX_RESOURCE_METADATA);
  assert.equal(params.scope, expect.scope);
  assert.equal(params.acr_values, expect.acrValues);
  assert.equal(params.max_age, expect.maxAge);
  if (expect.error) assert.equal(params.error_description, body.error_description, 'the header and body descriptions agree');
  expectChallenge(
    { status: observed.status, headers: { 'www-authenticate': header }, body },
    { status: expect.status, error: expect.error ?? null, realm: MATRIX_REALM, ...(expect.code ? { code: expect.code } : {}) },
  );
}

describe('Behaviour on the wire: every case on every adapter and framework version', () => {
  const running = new Map<MatrixAdapter, { issuer: TestIssuer; clock: TestClock }>();
  before(async () => {
    await Promise.all(
      adapters.map(async (adapter) => {
        // Each adapter has its own issuer (keys, JWKS server, faults) and clock.
        const clock = createTestClock(MATRIX_START);
        running.set(adapter, { issuer: await createTestIssuer({ clock }), clock });
      }),
    );
  });
  after(() => Promise.all([...running.values()].map(({ issuer }) => issuer.close())));

  it('has cases with distinct names', () => {
    assert.equal(new Set(cases.map((c) => c.name)).size, cases.length);
  });

  for (const matrixCase of cases) {
    describe(`${matrixCase.name} → ${matrixCase.expect.status}${matrixCase.expect.code ? ` ${matrixCase.expect.code}` : ''}`, () => {
      const seen = new Map<string, Observed>();
      for (const adapter of adapters) {
        it(adapter.name, async () => {
          const { issuer, clock } = running.get(adapter)!;
          const observed = await run(adapter, issuer, clock, matrixCase);
          seen.set(adapter.name, observed);
          check(observed, matrixCase);
        });
      }
      it('is answered byte for byte the same by every adapter (status, challenge, headers, body)', () => {
        assert.equal(seen.size, adapters.length, 'every adapter answered');
        const [first, ...others] = [...seen.entries()];
        for (const [name, observed] of others) assert.deepEqual(observed, first![1], `${name} differs from ${first![0]}`);
      });
    });
  }
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildChallenge, maxDescriptionLength, sanitizeDescription } from '../../src/core/errors/challenge.js';
import { parseWwwAuthenticate } from '../../src/testing/index.js';

/** RFC 6750 §3: error_description may hold only %x20-21 / %x23-5B / %x5D-7E. */
const descriptionChars = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

const metadata = 'https://api.ex.com/.well-known/oauth-protected-resource/mcp';

describe('buildChallenge', () => {
  it('builds a challenge with only the realm when there is no error', () => {
    assert.equal(buildChallenge({ realm: 'api' }), 'Bearer realm="api"');
  });

  it('adds resource_metadata after the realm', () => {
    assert.equal(buildChallenge({ realm: 'api', resourceMetadata: metadata }), `Bearer realm="api", resource_metadata="${metadata}"`);
  });

  it('adds the no-credentials scope without any error parameter (§14.3 MCP vector)', () => {
    const header = buildChallenge({ realm: 'api', resourceMetadata: metadata, scope: 'files:read' });
    assert.equal(header, `Bearer realm="api", resource_metadata="${metadata}", scope="files:read"`);
    assert.doesNotMatch(header, /error/);
  });

  it('writes invalid_token with its description', () => {
    assert.equal(
      buildChallenge({ realm: 'api', error: 'invalid_token', description: 'The token expired 2m ago' }),
      'Bearer realm="api", error="invalid_token", error_description="The token expired 2m ago"',
    );
  });

  it('writes insufficient_scope with the scope', () => {
    assert.equal(
      buildChallenge({ realm: 'api', error: 'insufficient_scope', description: 'Missing scope c', scope: 'c' }),
      'Bearer realm="api", error="insufficient_scope", error_description="Missing scope c", scope="c"',
    );
  });

  it('carries the same parameters as the §14.3 insufficient-scope MCP vector', () => {
    const header = buildChallenge({
      realm: 'api',
      resourceMetadata: metadata,
      error: 'insufficient_scope',
      description: 'Missing scope files:write',
      scope: 'files:read files:write',
    });
    const expected = parseWwwAuthenticate(
      `Bearer realm="api", error="insufficient_scope", scope="files:read files:write", resource_metadata="${metadata}", error_description="Missing scope files:write"`,
    );
    assert.deepEqual(parseWwwAuthenticate(header), expected);
  });

  it('never sends a description without an error', () => {
    assert.equal(buildChallenge({ realm: 'api', description: 'No token' }), 'Bearer realm="api"');
  });

  it('escapes a quote or backslash in the realm as a quoted-pair', () => {
    const header = buildChallenge({ realm: 'a"b\\c' });
    assert.equal(header, 'Bearer realm="a\\"b\\\\c"');
    assert.deepEqual(parseWwwAuthenticate(header), [{ scheme: 'Bearer', params: { realm: 'a"b\\c' } }]);
  });

  it('sanitizes the description it is given', () => {
    const header = buildChallenge({ realm: 'api', error: 'invalid_token', description: 'issuer "x"\\y' });
    assert.equal(header, `Bearer realm="api", error="invalid_token", error_description="issuer 'x'y"`);
  });

  it('keeps exactly one realm when the description is built from a hostile iss', () => {
    const iss = 'evil" realm="x\r\nSet-Cookie: a';
    const header = buildChallenge({ realm: 'api', error: 'invalid_token', description: `The token issuer ${iss} is not accepted` });
    assert.doesNotMatch(header, /[\r\n]/);
    assert.equal(header.match(/realm=/g)?.length, 2, 'the text "realm=" survives, but only inside the description');
    const challenges = parseWwwAuthenticate(header);
    assert.equal(challenges.length, 1);
    const params = challenges[0]!.params;
    assert.deepEqual(Object.keys(params).sort(), ['error', 'error_description', 'realm']);
    assert.equal(params.realm, 'api');
    assert.equal(params.error_description, "The token issuer evil' realm='x Set-Cookie: a is not accepted");
  });

  it('round-trips the §14.3 hostile-iss vector through the parser with no quote or backslash in the value', () => {
    const header = buildChallenge({ realm: 'api', error: 'invalid_token', description: 'iss "evil\\" realm=\\"x' });
    const [challenge] = parseWwwAuthenticate(header);
    assert.equal(challenge?.params.realm, 'api');
    assert.match(challenge?.params.error_description ?? '', descriptionChars);
    assert.doesNotMatch(challenge?.params.error_description ?? '', /["\\]/);
  });
});

describe('sanitizeDescription', () => {
  it('leaves a plain ASCII sentence unchanged', () => {
    assert.equal(sanitizeDescription("The token expired 1m1s ago (clock tolerance 1m)"), 'The token expired 1m1s ago (clock tolerance 1m)');
  });

  it("turns double quotes into single quotes", () => {
    assert.equal(sanitizeDescription('say "hi"'), "say 'hi'");
  });

  it('drops backslashes', () => {
    assert.equal(sanitizeDescription('a\\b\\\\c'), 'abc');
  });

  it('replaces CR, LF and tabs with one space', () => {
    assert.equal(sanitizeDescription('a\r\nb\tc\n\nd'), 'a b c d');
  });

  it('replaces other control characters and DEL with a safe character', () => {
    const out = sanitizeDescription('a\x00b\x1bc\x7fd');
    assert.equal(out, 'a?b?c?d');
  });

  it('replaces non-ASCII characters such as é with a safe character', () => {
    const out = sanitizeDescription('issuer café 🚀');
    assert.match(out, descriptionChars);
    assert.ok(out.startsWith('issuer caf'));
    assert.ok(!out.includes('é'));
  });

  it('folds runs of spaces and trims the ends', () => {
    assert.equal(sanitizeDescription('  a    b  '), 'a b');
  });

  it('yields only characters RFC 6750 allows, whatever the input', () => {
    let all = '';
    for (let c = 0; c < 0x300; c++) all += String.fromCharCode(c);
    assert.match(sanitizeDescription(all), descriptionChars);
  });

  it(`caps the length at ${maxDescriptionLength} characters ending in "..."`, () => {
    const out = sanitizeDescription('x'.repeat(1000));
    assert.equal(out.length, maxDescriptionLength);
    assert.equal(out, `${'x'.repeat(maxDescriptionLength - 3)}...`);
  });

  it('keeps a description exactly at the cap intact', () => {
    const exact = 'y'.repeat(maxDescriptionLength);
    assert.equal(sanitizeDescription(exact), exact);
  });
});

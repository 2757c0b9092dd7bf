import assert from 'node:assert/strict';
import { createServer, request, validateHeaderValue } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { parseWwwAuthenticate } from '../../src/testing/index.js';

/** True when Node would send this header value (it throws ERR_INVALID_CHAR otherwise). */
function nodeSends(value: string): boolean {
  try {
    validateHeaderValue('WWW-Authenticate', value);
    return true;
  } catch {
    return false;
  }
}

function parses(value: string): boolean {
  try {
    parseWwwAuthenticate(value);
    return true;
  } catch {
    return false;
  }
}

/** Every code unit from U+0000 to U+0200, then samples above: CJK, the euro sign, emoji halves, lone surrogates, U+FFFF. */
const codeUnits = [...Array.from({ length: 0x201 }, (_, i) => i), 0x20ac, 0x3042, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xfeff, 0xfffd, 0xffff];

describe('parseWwwAuthenticate', () => {
  describe('standards digest §14.4 vectors', () => {
    it('reads a single Bearer challenge with a quoted realm', () => {
      assert.deepEqual(parseWwwAuthenticate('Bearer realm="example"'), [{ scheme: 'Bearer', params: { realm: 'example' } }]);
    });

    it('matches scheme and parameter names case-insensitively and accepts token values', () => {
      assert.deepEqual(parseWwwAuthenticate('bearer REALM=example, Error="invalid_token"'), [
        { scheme: 'Bearer', params: { realm: 'example', error: 'invalid_token' } },
      ]);
    });

    it('splits the RFC 9110 example into two challenges and unescapes quoted-pairs', () => {
      assert.deepEqual(
        parseWwwAuthenticate('Basic realm="simple", Newauth realm="apps", type=1, title="Login to \\"apps\\""'),
        [
          { scheme: 'Basic', params: { realm: 'simple' } },
          { scheme: 'Newauth', params: { realm: 'apps', type: '1', title: 'Login to "apps"' } },
        ],
      );
    });

    it('reads a parameterless Bearer followed by a DPoP challenge (RFC 9449 example)', () => {
      assert.deepEqual(parseWwwAuthenticate('Bearer, DPoP algs="ES256 PS256"'), [
        { scheme: 'Bearer', params: {} },
        { scheme: 'DPoP', params: { algs: 'ES256 PS256' } },
      ]);
    });

    it('ignores empty list elements between parameters', () => {
      assert.deepEqual(parseWwwAuthenticate('Bearer realm="a",, error="x"'), [
        { scheme: 'Bearer', params: { realm: 'a', error: 'x' } },
      ]);
    });

    it('treats several field lines like one comma-joined line', () => {
      const lines = parseWwwAuthenticate(['Bearer realm="a"', 'DPoP algs="ES256"']);
      assert.deepEqual(lines, [
        { scheme: 'Bearer', params: { realm: 'a' } },
        { scheme: 'DPoP', params: { algs: 'ES256' } },
      ]);
      assert.deepEqual(lines, parseWwwAuthenticate('Bearer realm="a", DPoP algs="ES256"'));
    });

    it('reads token68 with its "=" padding', () => {
      assert.deepEqual(parseWwwAuthenticate('Newauth abc123=='), [{ scheme: 'Newauth', params: {}, token68: 'abc123==' }]);
    });

    it('rejects obs-fold line wrapping but parses the unfolded form', () => {
      const folded = 'Newauth realm="apps", type=1,\r\n title="Login to \\"apps\\"", Basic realm="simple"';
      assert.throws(() => parseWwwAuthenticate(folded), { name: 'SyntaxError', message: /obs-fold/ });
      assert.deepEqual(parseWwwAuthenticate(folded.replace('\r\n', '')), [
        { scheme: 'Newauth', params: { realm: 'apps', type: '1', title: 'Login to "apps"' } },
        { scheme: 'Basic', params: { realm: 'simple' } },
      ]);
    });

    it('rejects a parameter repeated in one challenge', () => {
      assert.throws(() => parseWwwAuthenticate('Bearer error="a", error="b"'), {
        name: 'SyntaxError',
        message: /duplicate parameter "error" in Bearer challenge/,
      });
    });

    it('reads max_age the same as a token and as a quoted-string', () => {
      assert.deepEqual(parseWwwAuthenticate('Bearer max_age=5'), parseWwwAuthenticate('Bearer max_age="5"'));
      assert.equal(parseWwwAuthenticate('Bearer max_age=5')[0]?.params.max_age, '5');
    });
  });

  describe('our own challenge strings (§14.3)', () => {
    it('reads the DPoP + Bearer configuration as two challenges', () => {
      assert.deepEqual(parseWwwAuthenticate('DPoP algs="ES256 PS256", Bearer realm="api"'), [
        { scheme: 'DPoP', params: { algs: 'ES256 PS256' } },
        { scheme: 'Bearer', params: { realm: 'api' } },
      ]);
    });

    it('reads the MCP insufficient_scope challenge', () => {
      const [challenge] = parseWwwAuthenticate(
        'Bearer realm="api", error="insufficient_scope", scope="files:read files:write", ' +
          'resource_metadata="https://api.ex.com/.well-known/oauth-protected-resource/mcp", error_description="Missing scope files:write"',
      );
      assert.deepEqual(challenge, {
        scheme: 'Bearer',
        params: {
          realm: 'api',
          error: 'insufficient_scope',
          scope: 'files:read files:write',
          resource_metadata: 'https://api.ex.com/.well-known/oauth-protected-resource/mcp',
          error_description: 'Missing scope files:write',
        },
      });
    });
  });

  describe('lenient where the grammar is', () => {
    it('returns no challenges for undefined, null, an empty string or an empty array', () => {
      assert.deepEqual(parseWwwAuthenticate(undefined), []);
      assert.deepEqual(parseWwwAuthenticate(null), []);
      assert.deepEqual(parseWwwAuthenticate(''), []);
      assert.deepEqual(parseWwwAuthenticate([]), []);
    });

    it('accepts tabs and spaces around "=" and commas, and trailing commas', () => {
      assert.deepEqual(parseWwwAuthenticate(' ,Bearer\trealm = "a" ,\terror= x ,  '), [
        { scheme: 'Bearer', params: { realm: 'a', error: 'x' } },
      ]);
    });

    it('keeps the spelling of unknown schemes and normalises Basic, Bearer and DPoP', () => {
      assert.deepEqual(
        parseWwwAuthenticate('BASIC, dpop, BeArEr, x-Custom').map((challenge) => challenge.scheme),
        ['Basic', 'DPoP', 'Bearer', 'x-Custom'],
      );
    });

    it('allows the same parameter name in different challenges', () => {
      assert.deepEqual(parseWwwAuthenticate('Bearer realm="a", Basic realm="b"'), [
        { scheme: 'Bearer', params: { realm: 'a' } },
        { scheme: 'Basic', params: { realm: 'b' } },
      ]);
    });

    it('ends a token68 challenge at the comma that starts the next challenge', () => {
      assert.deepEqual(parseWwwAuthenticate('Newauth a+b/c=, Bearer realm="x"'), [
        { scheme: 'Newauth', params: {}, token68: 'a+b/c=' },
        { scheme: 'Bearer', params: { realm: 'x' } },
      ]);
    });

    it('keeps commas, equals signs and escaped backslashes inside quoted values', () => {
      assert.deepEqual(parseWwwAuthenticate('Bearer error_description="a, b=c \\\\ d", realm=""'), [
        { scheme: 'Bearer', params: { error_description: 'a, b=c \\ d', realm: '' } },
      ]);
    });

    it('stores a parameter named __proto__ as an ordinary entry', () => {
      const [challenge] = parseWwwAuthenticate('Bearer __proto__="x"');
      assert.equal(Object.getPrototypeOf(challenge?.params), Object.prototype);
      assert.deepEqual(Object.keys(challenge?.params ?? {}), ['__proto__']);
      assert.equal(Object.getOwnPropertyDescriptor(challenge?.params, '__proto__')?.value, 'x');
    });
  });

  describe('strict about malformed input', () => {
    const malformed: Array<[string, RegExp]> = [
      ['Bearer realm="unterminated', /unterminated quoted-string/],
      ['Bearer realm="a\\', /unterminated quoted-string/],
      ['Bearer realm="a" error="b"', /expected "," or end of header/],
      ['Bearer realm=, error="x"', /parameter "realm" has no value/],
      ['Bearer realm"a"', /expected "=" after parameter name "realm"/],
      ['Bearer"realm"', /expected a space after auth-scheme "Bearer"/],
      ['Newauth abc==, realm="x"', /token68 is followed by parameters/],
      ['Bearer ="a"', /expected parameter name/],
      ['"Bearer"', /expected auth-scheme/],
      ['Bearer realm="a", error=', /expected value of parameter "error", found end of header/],
      ['Bearer realm="a\u0001b"', /control character/],
      ['Bearer realm="a"\nSet-Cookie: x=1', /obs-fold/],
      ['Bearer Error="a", error="b"', /duplicate parameter "error"/],
    ];
    for (const [input, message] of malformed) {
      it(`throws SyntaxError for ${JSON.stringify(input)}`, () => {
        assert.throws(() => parseWwwAuthenticate(input), (error: unknown) => {
          assert.ok(error instanceof SyntaxError);
          assert.match(error.message, message);
          assert.match(error.message, /at position \d+/);
          return true;
        });
      });
    }
  });

  describe('exactly as strict as RFC 9110 quoted-strings and Node\'s header rules', () => {
    it('accepts a character in a quoted-string, plain or escaped, exactly when Node would send it', () => {
      const disagreements: string[] = [];
      for (const unit of codeUnits) {
        const char = String.fromCharCode(unit);
        if (char === '"' || char === '\\') continue; // the delimiters themselves, tested below
        for (const value of [`Bearer realm="a${char}b"`, `Bearer realm="a\\${char}b"`]) {
          if (parses(value) !== nodeSends(value)) disagreements.push(`U+${unit.toString(16).padStart(4, '0')} in ${JSON.stringify(value)}: parser ${parses(value)}, Node ${nodeSends(value)}`);
        }
      }
      assert.deepEqual(disagreements, []);
    });

    it('refuses characters above U+00FF and lone surrogates, which Node never sends', () => {
      for (const value of ['Bearer realm="caf\u20ac"', 'Bearer realm="\ud800"', 'Bearer realm="a\\\udfff"', 'Bearer error_description="\u{1F600}"']) {
        assert.throws(() => parseWwwAuthenticate(value), /above U\+00FF/, value);
      }
    });

    it('reads obs-text (U+0080 to U+00FF) as a real server sends and a real client receives it', async () => {
      const sent = 'Bearer realm="caf\u00e9 \u00ff", error="invalid_token"';
      const server = createServer((_req, res) => {
        res.setHeader('WWW-Authenticate', sent);
        res.statusCode = 401;
        res.end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const received = await new Promise<string>((resolve, reject) => {
          request({ host: '127.0.0.1', port, path: '/' }, (res) => {
            res.resume();
            resolve(res.headers['www-authenticate']!);
          })
            .on('error', reject)
            .end();
        });
        assert.equal(received, sent);
        assert.deepEqual(parseWwwAuthenticate(received), [{ scheme: 'Bearer', params: { realm: 'caf\u00e9 \u00ff', error: 'invalid_token' } }]);
      } finally {
        server.close();
      }
    });
  });
});

/** One challenge of a `WWW-Authenticate` field (RFC 9110 §11.6.1). */
export interface Challenge {
  /** The auth-scheme; `Bearer`, `DPoP` and `Basic` are normalised to that spelling, others kept as sent. */
  scheme: string;
  /** Auth-params with lower-cased names and unescaped values. Empty when the challenge has a token68. */
  params: Record<string, string>;
  /** The token68 form (`Newauth abc123==`), when used instead of params. */
  token68?: string;
}

const KNOWN_SCHEMES: Record<string, string> = { bearer: 'Bearer', dpop: 'DPoP', basic: 'Basic' };

const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const TOKEN68_CHAR = /[A-Za-z0-9\-._~+/]/;

/**
 * Parses `WWW-Authenticate` field values into challenges, following the
 * RFC 9110 §11 grammar: several challenges per field, several field lines
 * (an array, read as if comma-joined), token or quoted-string values with
 * quoted-pairs unescaped, empty list elements ignored, and token68.
 *
 * Scheme and parameter names are matched case-insensitively: parameter names
 * come back lower-cased, well-known schemes in their usual spelling.
 *
 * Strictness, so tests catch broken servers:
 * - a parameter repeated within one challenge throws (RFC 9110 §11.2: "MUST only occur once");
 * - CR or LF anywhere throws: obs-fold line wrapping is refused, not unfolded
 *   (RFC 9112 §5.2 allows either; a modern server never sends it);
 * - a quoted-string holds only what RFC 9110 allows and Node will send: no
 *   control characters, no DEL, nothing above U+00FF (lone surrogates included);
 *   obs-text (U+0080–U+00FF) is accepted, as Node sends it as Latin-1;
 * - any other deviation from the grammar (unterminated quote, missing value,
 *   stray character) throws.
 *
 * @param header - The field value(s); `undefined`/`null` give `[]`.
 * @returns The challenges in the order they appear.
 * @throws SyntaxError naming the problem and its position.
 *
 * @example
 * ```ts
 * parseWwwAuthenticate('Bearer realm="api", error="invalid_token", DPoP algs="ES256 PS256"');
 * // [ { scheme: 'Bearer', params: { realm: 'api', error: 'invalid_token' } },
 * //   { scheme: 'DPoP', params: { algs: 'ES256 PS256' } } ]
 * ```
 */
export function parseWwwAuthenticate(header: string | string[] | undefined | null): Challenge[] {
  if (header === undefined || header === null) return [];
  const input = Array.isArray(header) ? header.join(', ') : header;
  if (typeof input !== 'string') throw new TypeError('WWW-Authenticate must be a string or an array of strings');
  const lineBreak = input.search(/[\r\n]/);
  if (lineBreak !== -1) {
    fail(input, lineBreak, 'line break (obs-fold) is not allowed; send the challenge on one line');
  }
  return new ChallengeReader(input).readAll();
}

class ChallengeReader {
  private pos = 0;

  constructor(private readonly input: string) {}

  readAll(): Challenge[] {
    const challenges: Challenge[] = [];
    for (;;) {
      this.skipListSeparators();
      if (this.atEnd()) return challenges;
      challenges.push(this.readChallenge());
      this.skipWhitespace();
      if (!this.atEnd() && this.peek() !== ',') this.fail('expected "," or end of header after a challenge');
    }
  }

  private readChallenge(): Challenge {
    const rawScheme = this.readToken('auth-scheme');
    const challenge: Challenge = { scheme: KNOWN_SCHEMES[rawScheme.toLowerCase()] ?? rawScheme, params: {} };
    const spaces = this.skipWhitespace();
    if (this.atEnd() || this.peek() === ',') return challenge;
    if (spaces === 0) this.fail(`expected a space after auth-scheme "${rawScheme}"`);

    const token68 = this.tryToken68();
    if (token68 !== undefined) {
      challenge.token68 = token68;
      return challenge;
    }
    this.readParams(challenge);
    return challenge;
  }

  // token68 is only a token68 when nothing but the end or a comma follows it;
  // otherwise `realm=x` would be read as token68 "realm=" plus garbage.
  private tryToken68(): string | undefined {
    const start = this.pos;
    while (!this.atEnd() && TOKEN68_CHAR.test(this.peek())) this.pos += 1;
    const bodyEnd = this.pos;
    while (this.peek() === '=') this.pos += 1;
    const end = this.pos;
    this.skipWhitespace();
    if (bodyEnd > start && (this.atEnd() || this.peek() === ',')) {
      if (end > bodyEnd && this.followedByParam()) {
        // `realm=, error="x"`: a parameter with a missing value, not a token68.
        const name = this.input.slice(start, bodyEnd);
        this.fail(`parameter "${name}" has no value (or a token68 is followed by parameters)`, end);
      }
      return this.input.slice(start, end);
    }
    this.pos = start;
    return undefined;
  }

  private readParams(challenge: Challenge): void {
    for (;;) {
      const name = this.readToken('parameter name').toLowerCase();
      this.skipWhitespace();
      if (this.peek() !== '=') this.fail(`expected "=" after parameter name "${name}"`);
      this.pos += 1;
      this.skipWhitespace();
      const value = this.peek() === '"' ? this.readQuotedString() : this.readToken(`value of parameter "${name}"`);
      if (Object.hasOwn(challenge.params, name)) {
        this.fail(`duplicate parameter "${name}" in ${challenge.scheme} challenge (each may occur only once)`);
      }
      // defineProperty: a parameter called __proto__ must stay an ordinary entry.
      Object.defineProperty(challenge.params, name, { value, enumerable: true, writable: true, configurable: true });

      this.skipWhitespace();
      if (this.atEnd() || this.peek() !== ',') return;
      const commaAt = this.pos;
      this.skipListSeparators();
      if (this.atEnd() || !this.nextIsParam()) {
        // A new challenge starts here; let readAll see the comma.
        this.pos = commaAt;
        return;
      }
    }
  }

  private followedByParam(): boolean {
    const start = this.pos;
    this.skipListSeparators();
    const isParam = !this.atEnd() && this.nextIsParam();
    this.pos = start;
    return isParam;
  }

  // After a comma: `token BWS "="` continues the current challenge; anything
  // else (`Scheme`, `Scheme token68`, `Scheme name=value`) starts a new one.
  private nextIsParam(): boolean {
    const start = this.pos;
    while (!this.atEnd() && TCHAR.test(this.peek())) this.pos += 1;
    const hadToken = this.pos > start;
    this.skipWhitespace();
    const isParam = hadToken && this.peek() === '=';
    this.pos = start;
    return isParam;
  }

  private readQuotedString(): string {
    const open = this.pos;
    this.pos += 1;
    let value = '';
    while (!this.atEnd()) {
      const char = this.peek();
      this.pos += 1;
      if (char === '"') return value;
      if (char === '\\') {
        if (this.atEnd()) break;
        const escaped = this.peek();
        if (isControl(escaped)) this.fail('control character or character above U+00FF after "\\" in quoted-string');
        value += escaped;
        this.pos += 1;
      } else if (isControl(char)) {
        this.pos -= 1;
        this.fail('control character or character above U+00FF in quoted-string');
      } else {
        value += char;
      }
    }
    return this.fail('unterminated quoted-string', open);
  }

  private readToken(what: string): string {
    const start = this.pos;
    while (!this.atEnd() && TCHAR.test(this.peek())) this.pos += 1;
    if (this.pos === start) {
      this.fail(this.atEnd() ? `expected ${what}, found end of header` : `expected ${what}, found "${this.peek()}"`);
    }
    return this.input.slice(start, this.pos);
  }

  private skipWhitespace(): number {
    const start = this.pos;
    while (this.peek() === ' ' || this.peek() === '\t') this.pos += 1;
    return this.pos - start;
  }

  // RFC 9110 §5.6.1: recipients accept and ignore empty list elements (", ,").
  private skipListSeparators(): void {
    while (this.peek() === ' ' || this.peek() === '\t' || this.peek() === ',') this.pos += 1;
  }

  private peek(): string {
    return this.input.charAt(this.pos);
  }

  private atEnd(): boolean {
    return this.pos >= this.input.length;
  }

  private fail(message: string, at = this.pos): never {
    return fail(this.input, at, message);
  }
}

/**
 * True for what a quoted-string may not hold (RFC 9110 §5.6.4: qdtext and quoted-pair allow HTAB,
 * SP, VCHAR and obs-text %x80-FF): controls, DEL, and anything above U+00FF, lone surrogates
 * included. Exactly what Node refuses to send in a header value.
 */
function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return (code < 0x20 && char !== '\t') || code === 0x7f || code > 0xff;
}

function fail(input: string, at: number, message: string): never {
  throw new SyntaxError(`Invalid WWW-Authenticate at position ${at}: ${message} in ${JSON.stringify(input)}`);
}

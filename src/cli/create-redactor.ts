/** Compact JWS/JWE with a JSON header (`{"` encodes to `eyJ`). */
const looksLikeJwt = /^eyJ[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){2,4}$/;

/** Shorter strings are not secrets and would match ordinary words. */
const minLength = 8;

/**
 * The last line of defence for "never prints the token": every byte written passes through here
 * and any known token text becomes `<token>`. Tokens are added once read; command-line arguments
 * that look like a JWT are added up front, in case one lands in an option by mistake.
 */
export function createRedactor(argv: readonly string[]) {
  const secrets = new Set<string>();
  const add = (value: string) => {
    if (value.length >= minLength) secrets.add(value);
  };
  for (const arg of argv) {
    const value = arg.includes('=') && arg.startsWith('--') ? arg.slice(arg.indexOf('=') + 1) : arg;
    if (looksLikeJwt.test(value)) add(value);
  }
  return {
    add,
    apply(text: string): string {
      let out = text;
      for (const secret of secrets) out = out.split(secret).join('<token>');
      return out;
    },
  };
}

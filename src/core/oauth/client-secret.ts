/**
 * Form-urlencodes one value (WHATWG `application/x-www-form-urlencoded`): space becomes `+`, every
 * byte outside `A-Z a-z 0-9 * - . _` becomes `%XX`.
 */
export function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

/**
 * The `Authorization` value of `client_secret_basic` (RFC 6749 §2.3.1): the client id and secret are
 * form-urlencoded *before* they are joined with `:` and base64-encoded, so a `:` or `%` in either
 * survives. Servers that skip the encoding step disagree only for such characters; ids and secrets
 * made of letters, digits and `-._~` come out the same either way.
 */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const pair = `${formEncode(clientId)}:${formEncode(clientSecret)}`;
  return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}

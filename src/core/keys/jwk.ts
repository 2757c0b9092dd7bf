/**
 * A JSON Web Key as published in a JWKS (RFC 7517), as far as bearer-guard reads it. Our own type,
 * so that the public declarations need no other package's types.
 */
export interface Jwk {
  kty?: string;
  kid?: string;
  alg?: string;
  use?: string;
  key_ops?: string[];
  crv?: string;
  /** RSA modulus and exponent. */
  n?: string;
  e?: string;
  /** EC and OKP public coordinates. */
  x?: string;
  y?: string;
  /** Present only in private keys, which a JWKS must never publish. */
  d?: string;
  [member: string]: unknown;
}

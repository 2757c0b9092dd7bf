import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jwkThumbprint } from '../../src/core/dpop/jwk-thumbprint.js';

// rfc9449-vectors.test.ts compares it with jose for every key type; these are the other RFCs' vectors.
describe('jwkThumbprint (RFC 7638): the testing kit\'s kid and DPoP\'s jkt', () => {
  it('gives the RFC 7638 §3.1 example thumbprint', () => {
    const rfcKey = {
      kty: 'RSA',
      n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
      e: 'AQAB',
      alg: 'RS256',
      kid: '2011-04-29',
    };
    assert.equal(jwkThumbprint(rfcKey), 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it('gives the RFC 8037 A.3 Ed25519 example thumbprint', () => {
    const x = '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo';
    assert.equal(jwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x }), 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
  });

  it('has no thumbprint for keys without their required members or of unknown type', () => {
    assert.equal(jwkThumbprint({ kty: 'EC', crv: 'P-256', x: 'AA' }), undefined);
    assert.equal(jwkThumbprint({ kty: 'RSA', n: 1, e: 'AQAB' }), undefined);
    assert.equal(jwkThumbprint({ kty: 'dsa' }), undefined);
  });
});

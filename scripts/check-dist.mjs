// After `npm run build`: every entry of the exports map loads from dist by the package name.
const expected = {
  'bearer-guard': ['createVerifier', 'failureCodes', 'okta', 'auth0', 'optionsFromEnv'],
  'bearer-guard/express': ['bearerAuth', 'requireScopes', 'requireAnyScope', 'requireClaims'],
  'bearer-guard/koa': ['bearerAuth', 'requireScopes', 'requireAnyScope', 'requireClaims'],
  'bearer-guard/testing': ['createTestIssuer', 'createTestClock', 'parseWwwAuthenticate', 'expectChallenge'],
  'bearer-guard/client': ['createTokenClient', 'TokenClientError'],
};
let failed = false;
for (const [specifier, names] of Object.entries(expected)) {
  const mod = await import(specifier);
  for (const name of names) {
    if (typeof mod[name] === 'undefined') {
      console.error(`${specifier} does not export ${name}`);
      failed = true;
    }
  }
}
if (failed) process.exit(1);
console.log('dist exports: ok');

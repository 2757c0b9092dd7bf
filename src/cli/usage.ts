/** A mistake on the command line: printed on stderr with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const helpText = `Usage: bearer-guard inspect [<token> | -] [options]

Decodes a bearer JWT offline and says what a bearer-guard protected API would answer.
The token is read from the argument, or from stdin when it is absent or '-'. A leading
"Bearer " is ignored. The token is never printed and never sent anywhere.

Checks (without them the token is only decoded):
  --issuer <url>          a trusted issuer (repeatable); exactly as tokens carry it in iss
  --audience <aud>        an audience this API accepts (repeatable); required with --issuer
  --scope <scope>         a scope the route requires (repeatable; all are needed)
  --any-scope             the --scope values are alternatives: one of them is enough
  --algorithm <alg>       an accepted algorithm (repeatable; default RS256)
  --clock-tolerance <d>   leeway for exp, nbf and iat, e.g. 60 or '2m' (default 60s)
  --strict                RFC 9068 strict mode: header typ must be at+jwt
  --realm <realm>         realm of the challenge (default 'api')
  --verify                fetch the configured issuer's discovery document and JWKS and
                          check the signature (only configured URLs are fetched)

Without --issuer, the middleware's environment variables are used when set:
  BEARER_GUARD_ISSUER or BEARER_GUARD_ISSUERS, BEARER_GUARD_AUDIENCE, BEARER_GUARD_JWKS_URI,
  BEARER_GUARD_ALGORITHMS, BEARER_GUARD_CLOCK_TOLERANCE, BEARER_GUARD_REALM
Flags given on the command line override them.

Output:
  --json                  print one JSON object: { header, payload, times, checks }
                          (checks is null when nothing was configured to check)
  --help                  show this help
  --version               print the version of bearer-guard

Exit status: 0 the token would be accepted, or was only decoded; 1 it would be rejected;
2 usage error. Without --issuer (and without the environment variables) nothing is checked:
"expired" in the times is information, and the exit status is still 0.
`;

/** What every contestant server is told about the issuer and the checks to apply, via env. */
export interface ContestantConfig {
  contestant: string;
  issuer: string;
  jwksUri: string;
  audience: string;
  /** The scope every contestant requires (`read:things`). */
  scope: string;
  /** Accepted algorithms, the same list for every contestant. */
  algorithms: string[];
}

export const contestantEnv = {
  contestant: 'BENCH_CONTESTANT',
  issuer: 'BENCH_ISSUER',
  jwksUri: 'BENCH_JWKS_URI',
  audience: 'BENCH_AUDIENCE',
  scope: 'BENCH_SCOPE',
  algorithms: 'BENCH_ALGORITHMS',
} as const;

export function contestantEnvFor(config: ContestantConfig): Record<string, string> {
  return {
    [contestantEnv.contestant]: config.contestant,
    [contestantEnv.issuer]: config.issuer,
    [contestantEnv.jwksUri]: config.jwksUri,
    [contestantEnv.audience]: config.audience,
    [contestantEnv.scope]: config.scope,
    [contestantEnv.algorithms]: config.algorithms.join(','),
  };
}

export function readContestantConfig(env: NodeJS.ProcessEnv): ContestantConfig {
  const read = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`${name} is not set; contestant servers are started by bench/run.ts`);
    return value;
  };
  return {
    contestant: read(contestantEnv.contestant),
    issuer: read(contestantEnv.issuer),
    jwksUri: read(contestantEnv.jwksUri),
    audience: read(contestantEnv.audience),
    scope: read(contestantEnv.scope),
    algorithms: read(contestantEnv.algorithms).split(','),
  };
}

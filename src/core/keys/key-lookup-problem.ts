/** Why no key was returned for a token that the client is responsible for (a 401, not a 503). */
export class KeyLookupProblem extends Error {
  constructor(
    readonly problem: 'kid_unknown' | 'kid_missing' | 'algorithm_key_mismatch',
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'KeyLookupProblem';
  }
}

import { randomBytes } from 'node:crypto';
import type { TestIssuer } from 'bearer-guard/testing';

/** The four kinds of traffic of the soak (issue 15): what any public API receives. */
export type TrafficClass = 'reused' | 'new' | 'bad' | 'randomKid';
export const trafficClasses: readonly TrafficClass[] = ['reused', 'new', 'bad', 'randomKid'];

/** One token to send, and whether it is signed by a key published by the last rotation. */
export interface SoakToken {
  readonly token: string;
  /** True for valid tokens signed with a key published by `rotate()`. */
  readonly newKey: boolean;
}

/** Valid tokens clients keep reusing (token-cache hits): RS256, what most IdPs sign with. */
const reusedPoolSize = 50;
/** Expired and wrong-audience tokens, reused like a misconfigured client does. */
const badPoolSize = 20;

/**
 * The soak's tokens. Valid tokens come from the IdP: a pool of RS256 tokens clients reuse, and new
 * ES256 tokens minted one by one (cheap to sign, each one a token-cache miss). Forged tokens with a
 * random `kid` are a real token's payload and signature under a new header: no signing needed.
 */
export class SoakTokens {
  private reusedPool: SoakToken[] = [];
  private readonly badPool: string[] = [];
  private rotated = false;
  private minted = 0;
  private turn = 0;

  private constructor(private readonly issuer: TestIssuer) {}

  static async create(issuer: TestIssuer): Promise<SoakTokens> {
    const tokens = new SoakTokens(issuer);
    tokens.reusedPool = await tokens.mintReusedPool();
    for (let i = 0; i < badPoolSize; i++) {
      const subject = `misconfigured-${i}`;
      tokens.badPool.push(await (i % 2 === 0 ? issuer.tokens.expired({ subject }) : issuer.tokens.wrongAudience({ subject })));
    }
    return tokens;
  }

  /** True once `rotate()` has published new keys: every valid token from then on is signed by one. */
  get afterRotation(): boolean {
    return this.rotated;
  }

  /**
   * The IdP rotates its keys (the old ones stay published, as real IdPs do for a while) and clients
   * move to tokens signed by the new keys at once. Resolves when the new keys sign.
   */
  async rotate(): Promise<void> {
    await this.issuer.rotateKeys({ keepOld: true });
    this.rotated = true;
    this.reusedPool = await this.mintReusedPool();
  }

  /** A token of `kind`; only `new` has to wait for a signature. */
  next(kind: TrafficClass): SoakToken | Promise<SoakToken> {
    const turn = this.turn++;
    switch (kind) {
      case 'reused':
        return this.reusedPool[turn % this.reusedPool.length]!;
      case 'bad':
        return { token: this.badPool[turn % this.badPool.length]!, newKey: false };
      case 'randomKid':
        return { token: this.forgeRandomKid(), newKey: false };
      case 'new':
        return this.mintNew();
    }
  }

  /** Distinct valid tokens (ES256) for filling the token cache. */
  async distinctValid(count: number): Promise<string[]> {
    const tokens: string[] = [];
    for (let i = 0; i < count; i++) tokens.push((await this.mintNew()).token);
    return tokens;
  }

  private async mintNew(): Promise<SoakToken> {
    const newKey = this.rotated;
    const token = await this.issuer.token({ alg: 'ES256', subject: `user-${this.minted++}` });
    return { token, newKey };
  }

  private mintReusedPool(): Promise<SoakToken[]> {
    const newKey = this.rotated;
    return Promise.all(
      Array.from({ length: reusedPoolSize }, async (_, i) => ({ token: await this.issuer.token({ subject: `client-${i}` }), newKey })),
    );
  }

  private forgeRandomKid(): string {
    const [, payload, signature] = this.reusedPool[0]!.token.split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: randomBytes(12).toString('base64url') })).toString('base64url');
    return `${header}.${payload}.${signature}`;
  }
}

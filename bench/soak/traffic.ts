import { Agent, request } from 'node:http';
import { trafficClasses, type SoakToken, type SoakTokens, type TrafficClass } from './tokens.js';

/** Share of each traffic class (weights, any scale). */
export type Mix = Readonly<Record<TrafficClass, number>>;

/** The mix: 70% reused valid tokens, 10% new valid, 10% expired or wrong audience, 10% random kids. */
export const standardMix: Mix = { reused: 70, new: 10, bad: 10, randomKid: 10 };

/** One answer the app gave (status 0: no answer, the connection failed or timed out). */
export interface Answer {
  readonly cls: TrafficClass;
  /** A valid token signed by a key the last rotation published. */
  readonly newKey: boolean;
  /** Soak-clock ms. */
  readonly sentAt: number;
  readonly doneAt: number;
  readonly status: number;
  /** Retry-After of a 503, in seconds. */
  readonly retryAfter?: number;
}

export interface TrafficOptions {
  /** `http://127.0.0.1:{port}/things`. */
  readonly url: string;
  /** Requests per second, sent on schedule whatever the answers take (an open loop). */
  readonly rate: number;
  readonly mix: Mix;
  readonly tokens: SoakTokens;
  readonly now: () => number;
  /** Most requests in flight; a request due beyond it is not sent and is counted in `notSent`. */
  readonly maxInFlight: number;
}

export interface Traffic {
  readonly answers: readonly Answer[];
  /** Requests that were due while `maxInFlight` were waiting for their answers. */
  readonly notSent: number;
  /** Stops sending and resolves when every request in flight has its answer. */
  stop(): Promise<void>;
}

const tickMs = 5;
/** No answer after this long counts as no answer (status 0). */
const requestTimeoutMs = 30_000;

/**
 * Sends the mix at a fixed rate until stopped. The classes follow one another in a fixed, evenly
 * interleaved order (smooth weighted round robin), so two runs send the same sequence.
 */
export function startTraffic(options: TrafficOptions): Traffic {
  const { rate, now, maxInFlight } = options;
  const agent = new Agent({ keepAlive: true, maxSockets: maxInFlight });
  const answers: Answer[] = [];
  const nextClass = classSequence(options.mix);
  const startedAt = now();
  let due = 0;
  let notSent = 0;
  let inFlight = 0;
  let drained: (() => void) | undefined;

  const settle = (answer: Answer): void => {
    answers.push(answer);
    inFlight--;
    if (inFlight === 0) drained?.();
  };
  const send = async (cls: TrafficClass): Promise<void> => {
    const token: SoakToken = await options.tokens.next(cls);
    const sentAt = now();
    const { status, retryAfter } = await get(options.url, token.token, agent);
    settle({ cls, newKey: token.newKey, sentAt, doneAt: now(), status, ...(retryAfter === undefined ? {} : { retryAfter }) });
  };

  const timer = setInterval(() => {
    const shouldHaveSent = Math.floor(((now() - startedAt) * rate) / 1000);
    for (; due < shouldHaveSent; due++) {
      if (inFlight >= maxInFlight) {
        notSent++;
        continue;
      }
      inFlight++;
      const cls = nextClass();
      // Minting a token cannot fail with a healthy testing kit; if it does, the request counts as unanswered.
      send(cls).catch(() => settle({ cls, newKey: false, sentAt: now(), doneAt: now(), status: 0 }));
    }
  }, tickMs);

  return {
    answers,
    get notSent() {
      return notSent;
    },
    async stop() {
      clearInterval(timer);
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
      agent.destroy();
    },
  };
}

/** Sends every token once, `concurrency` at a time; resolves with the statuses. */
export async function sendAll(url: string, tokens: readonly string[], concurrency: number): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const statuses: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tokens.length) statuses.push((await get(url, tokens[next++]!, agent)).status);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return statuses;
}

function get(url: string, token: string, agent: Agent): Promise<{ status: number; retryAfter?: number }> {
  return new Promise((resolve) => {
    const req = request(url, { agent, headers: { authorization: `Bearer ${token}` }, timeout: requestTimeoutMs }, (res) => {
      res.resume();
      res.once('end', () => {
        const header = res.headers['retry-after'];
        resolve({ status: res.statusCode ?? 0, ...(header === undefined ? {} : { retryAfter: Number(header) }) });
      });
      res.once('error', () => resolve({ status: 0 }));
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve({ status: 0 }));
    req.end();
  });
}

/** An endless, evenly interleaved sequence of classes in proportion to their weights. */
function classSequence(mix: Mix): () => TrafficClass {
  const weights = trafficClasses.map((cls) => ({ cls, weight: mix[cls], current: 0 }));
  const total = weights.reduce((sum, w) => sum + w.weight, 0);
  if (!(total > 0)) throw new TypeError('the traffic mix needs at least one class with a positive weight');
  return () => {
    let best = weights[0]!;
    for (const w of weights) {
      w.current += w.weight;
      if (w.current > best.current) best = w;
    }
    best.current -= total;
    return best.cls;
  };
}

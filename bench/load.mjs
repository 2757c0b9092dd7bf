import autocannon from 'autocannon';

/**
 * The load generator, in its own process so it never shares the server's event loop.
 * Runs one autocannon job per IPC message and answers with a summary; stays until its parent
 * disconnects. A plain .mjs file: autocannon ships no types, and this process needs no loader.
 *
 * A job either cycles its `authorizations` per connection (every connection sends the same
 * sequence), or deals out a `sequence` shared by all connections: every `freshEvery`-th request
 * carries the next `fresh` token (each sent once: the memory run's one-use tokens), the others the
 * `reused` tokens in turn. `amount` sends exactly that many requests instead of running for
 * `durationSeconds`; `overallRate` fixes the rate of all connections together, so that every
 * contestant gets the same traffic.
 */
process.on('message', (job) => {
  // autocannon's own histogram keeps whole milliseconds; sub-millisecond latencies need the raw values.
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  const instance = autocannon(
    {
      url: job.url,
      connections: job.connections,
      pipelining: 1,
      ...(job.amount ? { amount: job.amount } : { duration: job.durationSeconds }),
      ...(job.overallRate ? { overallRate: job.overallRate } : {}),
      requests: job.sequence ? [dealtInOrder(job.sequence)] : cycledPerConnection(job.authorizations),
    },
    (error, result) => {
      if (error) {
        process.send({ type: 'error', message: String(error?.stack ?? error) });
        return;
      }
      process.send({
        type: 'result',
        requests: result.requests.total,
        durationSeconds: result.duration,
        latency: summarize(latencies.subarray(0, count)),
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
      });
    },
  );
  instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    if (statusCode < 200 || statusCode > 299) return;
    if (count === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[count++] = responseTimeMs;
  });
});

process.on('disconnect', () => process.exit(0));

/** Several requests cycle per connection (the warm-up mixes RS256 and ES256 tokens). */
function cycledPerConnection(authorizations) {
  return authorizations.map((authorization) => ({ method: 'GET', headers: authorization ? { authorization } : {} }));
}

/** One request rebuilt before each send with the next token of one sequence shared by every connection. */
function dealtInOrder({ reused, fresh, freshEvery }) {
  let sent = 0;
  let freshSent = 0;
  return {
    method: 'GET',
    setupRequest(request) {
      const turn = sent++;
      const isFresh = turn % freshEvery === freshEvery - 1;
      // A fresh token sent again would be its second verification, which the cache keeps: no silent reuse.
      if (isFresh && freshSent === fresh.length) throw new Error(`the sequence ran out of fresh tokens after ${fresh.length}`);
      const token = isFresh ? fresh[freshSent++] : reused[turn % reused.length];
      request.headers = { ...request.headers, authorization: `Bearer ${token}` };
      return request;
    },
  };
}

function summarize(samples) {
  if (samples.length === 0) return { p50: NaN, p99: NaN, mean: NaN };
  const sorted = Float64Array.from(samples).sort();
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  let sum = 0;
  for (const value of sorted) sum += value;
  return { p50: at(0.5), p99: at(0.99), mean: sum / sorted.length };
}

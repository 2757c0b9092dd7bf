import autocannon from 'autocannon';

/**
 * The load generator, in its own process so it never shares the server's event loop.
 * Runs one autocannon job per IPC message and answers with a summary; stays until its parent
 * disconnects. A plain .mjs file: autocannon ships no types, and this process needs no loader.
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
      duration: job.durationSeconds,
      // Several requests cycle per connection (the warm-up mixes RS256 and ES256 tokens).
      requests: job.authorizations.map((authorization) => ({
        method: 'GET',
        headers: authorization ? { authorization } : {},
      })),
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

function summarize(samples) {
  if (samples.length === 0) return { p50: NaN, p99: NaN, mean: NaN };
  const sorted = Float64Array.from(samples).sort();
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  let sum = 0;
  for (const value of sorted) sum += value;
  return { p50: at(0.5), p99: at(0.99), mean: sum / sorted.length };
}

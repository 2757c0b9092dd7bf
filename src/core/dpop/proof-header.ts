/** Where a request's headers can be read: Node's raw header lines, or a header record. */
export interface HeaderSource {
  readonly rawHeaders?: readonly string[];
  readonly headers?: Readonly<Record<string, string | readonly string[] | undefined>>;
}

/**
 * Every `DPoP` header line of a request. Node keeps repeated unknown headers in `headers` joined
 * by `, `; a proof (a compact JWS) has no comma or space, so one value with either is two proofs.
 */
export function dpopHeaderValues(request: HeaderSource): string[] {
  const raw = request.rawHeaders;
  const values: string[] = [];
  if (raw) {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      if (raw[i]!.length === 4 && raw[i]!.toLowerCase() === 'dpop') values.push(raw[i + 1]!);
    }
  } else {
    const value = request.headers?.dpop;
    if (value !== undefined) values.push(...(typeof value === 'string' ? [value] : value));
  }
  return values;
}

/** The one proof of a request, or why there is not exactly one. */
export function readProof(request: HeaderSource): { proof: string } | { problem: 'missing' | 'duplicated' } {
  const values = dpopHeaderValues(request);
  if (values.length === 0) return { problem: 'missing' };
  const proof = values[0]!.trim();
  if (values.length > 1 || /[,\s]/.test(proof)) return { problem: 'duplicated' };
  if (proof === '') return { problem: 'missing' };
  return { proof };
}

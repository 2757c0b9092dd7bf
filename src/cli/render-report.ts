import { envVariables, failureCodes, formatSeconds, isoSeconds } from '../core/index.js';
import type { Inspector, Verdict } from './create-inspector.js';
import type { TimeClaim } from './describe-times.js';

/** Everything `inspect` found out about one token. Holds no raw token. */
export interface InspectReport {
  now: number;
  /** Absent when the token does not decode. */
  decoded?: { header: Record<string, unknown>; payload: Record<string, unknown> };
  times: TimeClaim[];
  /** Absent when nothing was configured and the token decodes (it was only shown). */
  checks?: { verdict: Verdict; inspector?: Inspector; source?: 'flags' | 'environment' };
}

/** The `checks` member of `--json`. */
export interface JsonChecks {
  signatureVerified: boolean;
  accepted: boolean;
  status: number;
  code?: string;
  wwwAuthenticate?: string;
  retryAfter?: string;
  description?: string;
  fix?: string;
}

export function jsonChecks(verdict: Verdict): JsonChecks {
  const { error } = verdict;
  if (!error) return { signatureVerified: verdict.signatureVerified, accepted: true, status: 200 };
  return {
    signatureVerified: verdict.signatureVerified,
    accepted: false,
    status: error.status,
    code: error.code,
    ...(error.headers['WWW-Authenticate'] ? { wwwAuthenticate: error.headers['WWW-Authenticate'] } : {}),
    ...(error.headers['Retry-After'] ? { retryAfter: error.headers['Retry-After'] } : {}),
    description: error.description,
    fix: failureCodes[error.code].fix,
  };
}

/** `--json`: one object, `{ header, payload, times, checks }`; `checks` is null when nothing was checked. */
export function renderJson(report: InspectReport): string {
  const times: Record<string, { iso: string; relative: string }> = {};
  for (const t of report.times) times[t.name] = { iso: t.iso, relative: t.relative };
  const object = {
    header: report.decoded?.header ?? null,
    payload: report.decoded?.payload ?? null,
    times,
    checks: report.checks ? jsonChecks(report.checks.verdict) : null,
  };
  return `${JSON.stringify(object, null, 2)}\n`;
}

function describeConfiguration(inspector: Inspector): string[] {
  const { options, scopes } = inspector;
  const entries = [...options.issuers.values()];
  const audiences = new Set<string>();
  let unchecked = false;
  for (const entry of entries) {
    if (entry.audiences === null) unchecked = true;
    else for (const a of entry.audiences) audiences.add(a);
  }
  const listed = new Set(entries.filter((e) => !e.algorithmsFromKeys).flatMap((e) => [...e.algorithms]));
  const fromKeys = entries.some((e) => e.algorithmsFromKeys) ? ['any the signing key fits'] : [];
  const algorithms = [...listed, ...fromKeys];
  const lines = [
    `  issuer${entries.length > 1 ? 's' : ''}: ${entries.map((e) => e.issuer).join(', ')}`,
    `  audience: ${[...audiences].join(', ')}${unchecked ? `${audiences.size ? '; ' : ''}not checked for some issuers` : ''}`,
    `  algorithms: ${algorithms.join(', ')}`,
    `  clock tolerance: ${formatSeconds(options.clockToleranceSec)}`,
  ];
  if (options.strict) lines.push('  strict: typ must be at+jwt (RFC 9068)');
  if (scopes.required.length > 0) lines.push(`  scopes: ${scopes.required.join(' ')} (${scopes.any ? 'any one of them' : 'all of them'})`);
  return lines;
}

function signatureLine(inspector: Inspector | undefined, verdict: Verdict): string {
  if (!inspector) return 'Signature: NOT checked.';
  if (!inspector.verifiesSignature) return 'Signature: NOT checked (offline; --verify fetches the issuer\'s keys and checks it)';
  if (verdict.signatureVerified) return 'Signature: verified with the issuer\'s published key';
  return 'Signature: not verified (the token was refused before the signature check, or it failed)';
}

/** The human-readable report. */
export function renderText(report: InspectReport): string {
  const lines: string[] = [];
  if (report.decoded) {
    lines.push('Header', JSON.stringify(report.decoded.header, null, 2), '', 'Payload', JSON.stringify(report.decoded.payload, null, 2), '');
    lines.push(`Times (now ${isoSeconds(Math.floor(report.now / 1000))})`);
    if (report.times.length === 0) lines.push('  no iat, nbf or exp claims');
    for (const t of report.times) lines.push(`  ${t.name.padEnd(9)} ${t.iso.padEnd(20)} (${t.relative})`);
    const exp = report.decoded.payload.exp;
    if (exp === undefined) lines.push('  exp       missing: the middleware refuses tokens without an expiry');
    else if (typeof exp !== 'number' || !Number.isFinite(exp)) lines.push('  exp       not a number of seconds: the middleware refuses the token');
    lines.push('');
  } else {
    lines.push('The token does not decode as a JWT.', '');
  }

  const checks = report.checks;
  if (!checks) {
    lines.push(
      `No checks configured: pass --issuer and --audience (or set ${envVariables.issuer} and ${envVariables.audience}) to see what the API would answer.`,
      'The times above are information only: nothing is judged, so the exit status is 0 even for an expired token.',
      'Signature: NOT checked.',
    );
    return `${lines.join('\n')}\n`;
  }
  const { verdict, inspector } = checks;
  const from = checks.source === 'environment' ? ' (configured by the BEARER_GUARD_* environment variables)' : '';
  if (inspector) lines.push(`Checked against${from}`, ...describeConfiguration(inspector), '');
  else lines.push('No checks configured, but any configuration refuses a token that does not decode (shown with the default realm).', '');
  lines.push(signatureLine(inspector, verdict));
  const error = verdict.error;
  if (!error) {
    lines.push(`Result: accepted${inspector?.verifiesSignature ? '' : ' (if the signature verifies)'}`);
  } else {
    lines.push(`Result: rejected ${error.status}`, `Code: ${error.code}`);
    if (error.headers['WWW-Authenticate']) lines.push(`WWW-Authenticate: ${error.headers['WWW-Authenticate']}`);
    if (error.headers['Retry-After']) lines.push(`Retry-After: ${error.headers['Retry-After']}`);
    lines.push(`Reason: ${error.description}`, `Fix: ${failureCodes[error.code].fix}`);
  }
  return `${lines.join('\n')}\n`;
}

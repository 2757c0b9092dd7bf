import type { FailureCode } from '../errors/failure-codes.js';
import { describeList, describeValue } from '../lib/describe-value.js';
import type { ResolvedIssuer } from '../options/resolve-options.js';
import { diagnoseIssuer } from './diagnose-issuer.js';

/** The placeholder of an issuer template (Microsoft's own metadata writes it this way). */
const tenantPlaceholder = '{tenantid}';
/** Tenant ids as Entra writes them; anything else cannot fill a template. */
const tenantId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type IssuerSelection = { entry: ResolvedIssuer } | { code: FailureCode; description: string };

/**
 * Finds the configured issuer entry a token's (unverified) `iss` names. An exact entry wins; an
 * issuer template matches when `iss` equals it with `{tenantid}` filled by the token's `tid`, and
 * that tenant is allowed. Nothing here fetches anything: the entry's own key set verifies the
 * token next, so a forged `tid` gains nothing but a refusal.
 */
export function selectIssuer(
  issuers: ReadonlyMap<string, ResolvedIssuer>,
  iss: string,
  payload: Record<string, unknown>,
): IssuerSelection {
  const exact = issuers.get(iss);
  if (exact && exact.tenants === null) return { entry: exact };
  const tid = payload.tid;
  let refusedTenant: { entry: ResolvedIssuer; tenant: string } | undefined;
  if (typeof tid === 'string' && tenantId.test(tid)) {
    for (const entry of issuers.values()) {
      if (entry.tenants === null || entry.issuer.replace(tenantPlaceholder, tid) !== iss) continue;
      if (entry.tenants === 'any' || entry.tenants.has(tid)) return { entry };
      refusedTenant = { entry, tenant: tid };
    }
  }
  if (refusedTenant) {
    const { entry, tenant } = refusedTenant;
    const allowed = entry.tenants === 'any' || entry.tenants === null ? [] : [...entry.tenants];
    return {
      code: 'tenant_not_allowed',
      description: `The token is from tenant ${tenant}, which this API does not accept; it accepts tenants ${describeList(allowed)} (add the tenant to tenants, or tenants: 'any' to accept every organization)`,
    };
  }
  const plain = [...issuers.values()].filter((e) => e.tenants === null).map((e) => e.issuer);
  const templates = [...issuers.values()].filter((e) => e.tenants !== null);
  const diagnosis = diagnoseIssuer(iss, plain);
  if (templates.length === 0 || diagnosis.code !== 'issuer_not_allowed') return diagnosis;
  const hint = typeof tid === 'string' ? `its tid ${describeValue(tid, 40)} does not fill` : 'it has no tid to fill';
  return {
    code: 'issuer_not_allowed',
    description: `The token issuer ${describeValue(iss)} is not accepted; ${hint} ${describeList(templates.map((t) => t.issuer))}${plain.length ? `, and this API also accepts ${describeList(plain)}` : ''}`,
  };
}

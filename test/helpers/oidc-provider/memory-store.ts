import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

/**
 * A storage adapter for one harness: every provider instance the harness builds (one per key
 * rotation) shares it, and no two harnesses do. oidc-provider's built-in memory adapter is meant
 * for quick starts and warns on every start; this one is small enough to read and has no expiry
 * timers (the harness lives only as long as a test file).
 */
export function createMemoryStore(): AdapterFactory {
  const records = new Map<string, AdapterPayload>();
  const grants = new Map<string, Set<string>>();
  const uids = new Map<string, string>();
  const userCodes = new Map<string, string>();

  return (model: string): Adapter => {
    const key = (id: string) => `${model}:${id}`;
    const find = async (id: string | undefined) => (id === undefined ? undefined : records.get(key(id)));
    return {
      async upsert(id, payload) {
        records.set(key(id), payload);
        if (payload.grantId) {
          const members = grants.get(payload.grantId) ?? new Set();
          members.add(key(id));
          grants.set(payload.grantId, members);
        }
        if (payload.uid) uids.set(payload.uid, id);
        if (payload.userCode) userCodes.set(payload.userCode, id);
      },
      find,
      findByUid: async (uid) => find(uids.get(uid)),
      findByUserCode: async (userCode) => find(userCodes.get(userCode)),
      async consume(id) {
        const record = records.get(key(id));
        if (record) record.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        records.delete(key(id));
      },
      async revokeByGrantId(grantId) {
        for (const member of grants.get(grantId) ?? []) records.delete(member);
        grants.delete(grantId);
      },
    };
  };
}

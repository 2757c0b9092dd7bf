import { hasDuplicateMember } from '../jws/json-duplicates.js';

/**
 * What an introspection response says, once its form is checked: active with its members, inactive,
 * or unusable (a fault of the authorization server, never of the client).
 */
export type IntrospectionAnswer =
  | { active: true; members: Record<string, unknown> }
  | { active: false }
  | { unusable: string };

/**
 * Reads the members of an introspection response (RFC 7662 §2.2): an object whose `active` is a
 * boolean. Anything else is unusable: a response without `active` cannot be read as either answer.
 */
export function answerFromMembers(value: unknown): IntrospectionAnswer {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { unusable: 'the response is not a JSON object' };
  const active = (value as Record<string, unknown>).active;
  if (active === false) return { active: false };
  if (active !== true) {
    return { unusable: active === undefined ? 'the response has no "active" member' : 'the response\'s "active" member is not a boolean' };
  }
  return { active: true, members: value as Record<string, unknown> };
}

/** Reads a plain JSON introspection response (`application/json`). */
export function answerFromJson(text: string): IntrospectionAnswer {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { unusable: 'the response is not JSON' };
  }
  // Two "active" members would mean different things to different parsers.
  if (typeof value === 'object' && value !== null && hasDuplicateMember(text, value)) return { unusable: 'the response repeats a member name' };
  return answerFromMembers(value);
}

/**
 * A test of a JOSE header's `typ` for the media type `application/<subtype>`: compared without
 * regard to case, and with `application/` left out as RFC 7515 §4.1.9 recommends.
 */
export function typNaming(subtype: string): (typ: unknown) => boolean {
  const full = `application/${subtype}`;
  return (typ) => {
    if (typeof typ !== 'string') return false;
    const t = typ.toLowerCase();
    return t === subtype || t === full;
  };
}

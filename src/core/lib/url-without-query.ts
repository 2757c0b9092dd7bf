/** A configured URL as descriptions and events show it: a query string may carry a secret. */
export function withoutQuery(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : `${url.slice(0, q)}?...`;
}

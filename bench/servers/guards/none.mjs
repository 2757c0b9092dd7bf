/** The ceiling: the same app with no authentication at all. */
export function createGuards() {
  return [];
}

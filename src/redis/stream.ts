/** XRANGE returns each entry's fields as a flat [name, value, name, value, ...] list. */
export function streamFields(flat: readonly string[]): Record<string, string> {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i]!] = flat[i + 1]!;
  return f;
}

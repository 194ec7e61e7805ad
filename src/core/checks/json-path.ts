/** Reads a dotted path with optional indexes (`checks.db[0].status`) from a parsed JSON value. */
export function readJsonPath(
  value: unknown,
  path: string,
): { found: true; value: unknown } | { found: false; missing: string } {
  let current: unknown = value;
  let walked = "";
  for (const segment of path.split(".")) {
    const match = /^([^[]+)((?:\[\d+\])*)$/.exec(segment);
    if (!match) return { found: false, missing: segment };
    const [, key = "", indexes = ""] = match;
    walked = walked ? `${walked}.${key}` : key;
    if (current === null || typeof current !== "object" || Array.isArray(current) || !Object.hasOwn(current, key))
      return { found: false, missing: walked };
    current = (current as Record<string, unknown>)[key];
    for (const [, index] of indexes.matchAll(/\[(\d+)\]/g)) {
      walked += `[${index}]`;
      if (!Array.isArray(current) || Number(index) >= current.length) return { found: false, missing: walked };
      current = current[Number(index)];
    }
  }
  return { found: true, value: current };
}

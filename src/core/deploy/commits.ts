/** A full or abbreviated Git commit SHA. */
export const COMMIT_SHA = /^[0-9a-f]{7,40}$/i;

/** True when both name the same commit: equal, or one is an abbreviation (7+ characters) of the other. */
export function sameCommit(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (!COMMIT_SHA.test(x) || !COMMIT_SHA.test(y)) return x === y;
  return x.startsWith(y) || y.startsWith(x);
}

/** The 7-character form people read and Git accepts. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

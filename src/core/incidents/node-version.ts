/**
 * @module
 * What a version file such as `.nvmrc` says about Node.js, and when that line reaches end of life.
 */

/** nvm's LTS aliases (`lts/iron`) and the major line each names. */
const LTS_CODENAMES: Record<string, number> = {
  argon: 4,
  boron: 6,
  carbon: 8,
  dubnium: 10,
  erbium: 12,
  fermium: 14,
  gallium: 16,
  hydrogen: 18,
  iron: 20,
  jod: 22,
  krypton: 24,
};

/** End of life per major line, from the Node.js release schedule (github.com/nodejs/Release). */
export const NODE_END_OF_LIFE: Readonly<Record<number, string>> = {
  16: "2023-09-11",
  17: "2022-06-01",
  18: "2025-04-30",
  19: "2023-06-01",
  20: "2026-04-30",
  21: "2024-06-01",
  22: "2027-04-30",
  23: "2025-06-01",
  24: "2028-04-30",
  25: "2026-06-01",
  26: "2029-04-30",
};

/** The first meaningful line of the file and the major version it names (null: `lts/*`, `node`, unknown). */
export function parseNodeVersion(text: string): { declared: string; major: number | null } {
  const declared =
    text
      .split(/\r?\n/)
      .map((line) => line.replace(/#.*$/, "").trim())
      .find((line) => line !== "") ?? "";
  const numeric = /^v?(\d+)(?:\.\d+){0,2}$/.exec(declared);
  if (numeric) return { declared, major: Number(numeric[1]) };
  const lts = /^lts\/([a-z]+)$/i.exec(declared);
  return { declared, major: lts ? (LTS_CODENAMES[lts[1]?.toLowerCase() ?? ""] ?? null) : null };
}

/** End of life of `major`, and whether `today` (YYYY-MM-DD) is past it. */
export function endOfLife(major: number | null, today: string): { date: string; past: boolean } | undefined {
  const date = major === null ? undefined : NODE_END_OF_LIFE[major];
  return date ? { date, past: today >= date } : undefined;
}

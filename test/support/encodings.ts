/**
 * @module
 * Twenty ways an upstream can echo a credential back (the scrubber tests and the hostile upstream of
 * `test/api/secrets-echo.test.ts` use the same list): letter case, URL-encoding once, twice and byte by
 * byte, JSON's and C's escapes, HTML entities, hex, base64 and base64url at every byte offset, base64
 * wrapped over lines, the `Authorization` header in base64, `Bearer`, and a cut through the token.
 */
const b64 = (text: string) => Buffer.from(text).toString("base64");
const hex = (text: string) => Buffer.from(text).toString("hex");
const bytes = (text: string) => [...Buffer.from(text)];

export function encodings(token: string): [string, string][] {
  return [
    ["as is", token],
    ["lower case", token.toLowerCase()],
    ["upper case", token.toUpperCase()],
    ["URL-encoded", encodeURIComponent(token)],
    ["URL-encoded twice", encodeURIComponent(encodeURIComponent(token))],
    [
      "every byte percent-encoded",
      bytes(token)
        .map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`)
        .join(""),
    ],
    ["JSON \\u escapes", [...token].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")],
    [
      "\\x escapes",
      bytes(token)
        .map((b) => `\\x${b.toString(16).padStart(2, "0")}`)
        .join(""),
    ],
    ["HTML decimal entities", [...token].map((c) => `&#${c.charCodeAt(0)};`).join("")],
    ["HTML hex entities", [...token].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join("")],
    ["hex", hex(token)],
    ["hex, upper case", hex(token).toUpperCase()],
    ["hex wrapped every 16 characters", hex(token).replace(/(.{16})(?=.)/g, "$1\n")],
    ["base64", b64(token)],
    ["base64url", Buffer.from(token).toString("base64url")],
    ["base64 after 1 byte", b64(`x${token}`)],
    ["base64 after 2 bytes", b64(`xy${token}`)],
    ["base64 wrapped every 8 characters", b64(token).replace(/(.{8})(?=.)/g, "$1\r\n")],
    ["base64 of an Authorization header", b64(`Authorization: Bearer ${token}`)],
    ["Bearer with the token", `Bearer ${token}`],
    ["cut by an excerpt", `${token.slice(0, Math.ceil(token.length * 0.75))}…`],
  ];
}

/**
 * @module
 * Times in markup the Function draws for a widget, said as the reader's browser says them: its language
 * and time zone come with the request (`locale`, `timeZone`), validated by `validation/schemas.ts`.
 */

export interface ReaderTime {
  /** A language tag such as `en-GB`; default `en-US`. */
  locale?: string | undefined;
  /** An IANA time zone such as `Europe/Paris`; default UTC. */
  timeZone?: string | undefined;
}

/** The time of day with seconds, as the reader's `Date.prototype.toLocaleTimeString()` says it. */
export function readerTime(reader: ReaderTime): (iso: string) => string {
  const locale = reader.locale ?? "en-US";
  const timeZone = reader.timeZone ?? "UTC";
  return (iso) => new Date(iso).toLocaleTimeString(locale, { timeZone });
}

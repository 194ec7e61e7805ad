/** One time format for every widget's "checked at" and note: the reader's local time of day with seconds. */
export function clockTime(iso: string): string {
  return new Date(iso).toLocaleTimeString();
}

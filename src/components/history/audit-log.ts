/**
 * @module
 * The audit page's table (loaded lazily by `AuditLog.astro`): who ran what, where, when, with what
 * outcome, filtered by person, environment, kind and time range, refreshed every few seconds, and
 * exported as CSV or JSON with the same filters.
 */
import type { AuditEntry } from "../../core/history/schemas.ts";
import { callApi } from "../shared/api.ts";
import { auditList } from "../shared/audit-shapes.ts";
import { h } from "../shared/dom.ts";
import { NOT_SHARED, showNotSharedOnce } from "../shared/history-notice.ts";
import { POLL_MS } from "../shared/history-store.ts";
import { lifecycle } from "../shared/lifecycle.ts";
import { stackTable } from "../shared/table.ts";
import { spoken, verdictText } from "./format.ts";

const FIELDS = [
  ["person", "person"],
  ["environment", "env"],
  ["kind", "kind"],
] as const;

/**
 * The filter form as API query parameters (empty fields left out; local times sent as ISO). The reads
 * pages make by themselves are left out unless the reader ticks them in; the page's address carries
 * the same parameters, so a filtered log can be linked and survives a reload.
 */
export function auditQuery(form: FormData): URLSearchParams {
  const query = new URLSearchParams();
  for (const [name, param] of FIELDS) {
    const value = String(form.get(name) ?? "").trim();
    if (value) query.set(param, value);
  }
  for (const name of ["since", "until"] as const) {
    const value = String(form.get(name) ?? "");
    const at = value ? new Date(value) : undefined;
    if (at && Number.isFinite(at.getTime())) query.set(name, at.toISOString());
  }
  query.set("reads", form.get("reads") ? "include" : "exclude");
  return query;
}

/** Fills the form from the page's address (the parameters `auditQuery` writes). */
export function fillFilters(form: HTMLFormElement, search: URLSearchParams): void {
  for (const [name, param] of FIELDS) {
    const field = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
    const value = search.get(param);
    if (field && value !== null) field.value = value;
  }
  for (const name of ["since", "until"] as const) {
    const field = form.elements.namedItem(name) as HTMLInputElement | null;
    const at = new Date(search.get(name) ?? "");
    if (field && Number.isFinite(at.getTime())) field.value = localInput(at);
  }
  const reads = form.elements.namedItem("reads") as HTMLInputElement | null;
  if (reads) reads.checked = search.get("reads") === "include";
}

/** A date as a `datetime-local` input's value, in the reader's time zone. */
function localInput(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** The page's address with the filters, without the paging the table adds. */
function addressWith(query: URLSearchParams): string {
  const shown = new URLSearchParams(query);
  if (shown.get("reads") === "exclude") shown.delete("reads");
  const search = shown.toString();
  return `${location.pathname}${search ? `?${search}` : ""}${location.hash}`;
}

export function mountAuditLog(host: HTMLElement): void {
  const form = host.querySelector<HTMLFormElement>("[data-filters]");
  const rows = host.querySelector<HTMLElement>("[data-audit-rows]");
  const state = host.querySelector<HTMLElement>("[data-audit-state]");
  const more = host.querySelector<HTMLButtonElement>("[data-more]");
  const exports = host.querySelectorAll<HTMLAnchorElement>("[data-export]");
  if (!form || !rows || !state || !more) return;
  form.hidden = false;
  fillFilters(form, new URLSearchParams(location.search));
  let next: number | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The newest read wins: a poll answering after the reader changed the filters is not shown.
  const life = lifecycle(host, null, null);

  const row = (e: AuditEntry) =>
    h(
      "tr",
      { "data-audit-id": String(e.id), "data-kind": e.kind },
      h("td", {}, h("time", { datetime: e.at, title: e.at }, spoken(e.at, Date.now()))),
      h("td", {}, e.actor),
      h("td", {}, e.environment ?? ""),
      h("td", {}, e.kind),
      h("td", {}, e.target ?? "", e.detail && h("span", { class: "rw-desc", "data-detail": "" }, ` ${e.detail}`)),
      h("td", { "data-outcome": e.outcome }, verdictText(e.outcome)),
      h("td", {}, `${e.durationMs} ms`),
    );

  /** Reads the first page again (`append` false) or the next one. */
  const load = async (append: boolean) => {
    clearTimeout(timer);
    const query = auditQuery(new FormData(form));
    for (const a of exports) a.href = `/api/audit?${query}&format=${a.dataset.export}`;
    if (append && next !== null) query.set("before", String(next));
    query.set("limit", "100");
    const newest = await life.read(() => callApi(`/api/audit?${query}`, auditList));
    if (!newest) return;
    const answer = newest.answer;
    if (!answer.ok) {
      if (answer.code === NOT_SHARED) {
        showNotSharedOnce(host, answer.message);
        form.hidden = true;
        return;
      }
      state.textContent = `⚠ ${answer.message}`;
    } else {
      next = answer.data.next;
      more.hidden = next === null;
      const fresh = answer.data.entries.map(row);
      if (append) rows.append(...fresh);
      else rows.replaceChildren(...fresh);
      if (!rows.firstChild) rows.append(h("tr", {}, h("td", { colspan: "7" }, "No runs match these filters.")));
      const table = rows.closest("table");
      if (table) stackTable(table);
      state.textContent = `Updated ${new Date().toLocaleTimeString()}.`;
    }
    // Only the first page follows new runs; a reader paging back keeps what they are reading.
    if (!append) timer = setTimeout(() => void (document.hidden ? undefined : load(false)), POLL_MS);
  };

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    history.replaceState(history.state, "", addressWith(auditQuery(new FormData(form))));
    void load(false);
  });
  more.addEventListener("click", () => void load(true));
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) void load(false);
  });
  void load(false);
}

import { shortSha } from "../../core/deploy/commits.ts";
import type { ConvexRollback, GitRollback, PagesRollback } from "../../core/deploy/schemas.ts";
import { externalLink } from "../deploy-version/links.ts";
import { commandBlock, copyButton } from "../shared/copy.ts";
import { h } from "../shared/dom.ts";
import { candidateRows } from "./rollback-links.ts";

/** The Pages table: every successful production deployment, live and last good marked, each with its deep link. */
export function renderPages(data: PagesRollback, now: number): HTMLElement[] {
  const rows = candidateRows(data.candidates, data.rolledBack ? data.newest?.id : undefined, now).map((r) =>
    h(
      "tr",
      { "data-deployment": r.id, ...(r.mark ? { "data-mark": r.mark } : {}) },
      h("td", { class: "rw-mark" }, r.markText),
      h("td", {}, externalLink(r.dashboardUrl, r.deployment, { "data-deep-link": "" })),
      h(
        "td",
        {},
        externalLink(r.commitUrl, r.commit, { class: "rw-sha" }),
        r.message ? h("span", { class: "rw-message" }, ` ${r.message}`) : null,
      ),
      h("td", {}, h("time", { datetime: r.createdOn, title: r.createdOn }, r.age)),
      h("td", {}, r.mark === "live" ? null : copyButton(r.rollbackCommand, undefined, "Copy rollback command")),
    ),
  );
  return [
    h(
      "table",
      { class: "rw-candidates" },
      h(
        "thead",
        {},
        h("tr", {}, h("th", {}, ""), h("th", {}, "Deployment"), h("th", {}, "Commit"), h("th", {}, "Deployed"), h("th", {}, "Rollback")),
      ),
      h("tbody", {}, ...rows),
    ),
    ...data.commands.map(commandBlock),
  ];
}

export function renderConvex(data: ConvexRollback): HTMLElement[] {
  return [
    h(
      "dl",
      { class: "rw-facts" },
      fact("Backend now", data.current ? externalLink(data.current.url, shortSha(data.current.sha), { class: "rw-sha" }) : "unknown"),
      fact("Redeploy", externalLink(data.target.url, shortSha(data.target.sha), { class: "rw-sha", "data-target": data.target.sha })),
      fact("Why", data.reason),
      fact("Convex deployment", externalLink(data.dashboardUrl, data.deployment, { "data-dashboard": "" })),
    ),
    ...data.commands.map(commandBlock),
  ];
}

export function renderGit(data: GitRollback): HTMLElement[] {
  const merges = data.mergeCommits === null ? "unknown (GitHub not asked)" : data.mergeCommits ? "yes: use -m 1" : "none";
  return [
    h(
      "dl",
      { class: "rw-facts" },
      fact("Last good", externalLink(data.good.url, shortSha(data.good.sha), { class: "rw-sha", "data-good": data.good.sha })),
      fact("Bad up to", externalLink(data.bad.url, shortSha(data.bad.sha), { class: "rw-sha", "data-bad": data.bad.sha })),
      fact(
        "Range",
        externalLink(data.compareUrl, data.commitCount === null ? "compare on GitHub" : `${data.commitCount} commits on GitHub`, {
          "data-compare": "",
        }),
      ),
      fact("Merge commits", merges),
      fact("Why", data.reason),
    ),
    ...data.commands.map(commandBlock),
  ];
}

function fact(label: string, value: Node | string): HTMLElement {
  return h("div", { class: "rw-fact" }, h("dt", {}, label), h("dd", {}, value));
}

import { shortSha } from "../../core/deploy/commits.ts";
import { pagesAdvice } from "../../core/deploy/rollback.ts";
import type { ConvexRollback, GitRollback, PagesRollback } from "../../core/deploy/schemas.ts";
import { commandBlock, copyButton } from "../shared/copy.ts";
import { h } from "../shared/dom.ts";
import { externalLink } from "../shared/links.ts";
import { scrollTable } from "../shared/table.ts";
import { candidateRows } from "./rollback-links.ts";

const VERIFY_PAGE = "/deploy/4-verify-deployment/";

/**
 * The Pages panel: what to do first (after a rollback: verify, roll forward, and only then further
 * back), then every successful production deployment with live and last good marked, each with its
 * deep link and a copy button named after the way it moves Pages.
 */
export function renderPages(data: PagesRollback, now: number): HTMLElement[] {
  const advice = pagesAdvice(data);
  const byId = new Map(data.candidates.map((c) => [c.id, c.rollbackCommand]));
  const steps = advice.steps.map((step) => {
    const command = step.target && step.action !== "verify" ? byId.get(step.target.id) : undefined;
    return command
      ? h("li", { "data-step": step.action }, commandBlock({ label: step.text, command }))
      : h(
          "li",
          { "data-step": step.action },
          h("p", { class: "rw-command-label" }, step.text, " ", h("a", { href: VERIFY_PAGE }, "Verify Deployment")),
        );
  });
  const rows = candidateRows(data, now).map((r) =>
    h(
      "tr",
      { "data-deployment": r.id, "data-action": r.action, ...(r.mark ? { "data-mark": r.mark } : {}) },
      h("td", { class: "rw-mark" }, r.markText),
      h("td", {}, externalLink(r.dashboardUrl, r.deployment, { "data-deep-link": "" })),
      h(
        "td",
        {},
        externalLink(r.commitUrl, r.commit, { class: "rw-sha" }),
        r.message ? h("span", { class: "rw-message" }, ` ${r.message}`) : null,
      ),
      h("td", {}, h("time", { datetime: r.createdOn, title: r.createdOn }, r.age)),
      h("td", {}, r.action === "serving" ? "Serving now" : copyButton(r.rollbackCommand, undefined, r.actionLabel)),
    ),
  );
  // Pages' own rollback commands are the steps above; the rest (the app's version) follow them.
  const pagesCommands = new Set(byId.values());
  return [
    h("ol", { class: "rw-steps", "data-steps": advice.situation }, ...steps),
    scrollTable(
      "Production deployments",
      h(
        "table",
        { class: "rw-candidates" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", {}, "State"),
            h("th", {}, "Deployment"),
            h("th", {}, "Commit"),
            h("th", {}, "Deployed"),
            h("th", {}, "Action"),
          ),
        ),
        h("tbody", {}, ...rows),
      ),
    ),
    ...data.commands.filter((c) => !pagesCommands.has(c.command)).map(commandBlock),
  ];
}

export function renderConvex(data: ConvexRollback): HTMLElement[] {
  return [
    h(
      "dl",
      { class: "rw-facts" },
      fact(
        "Backend now",
        data.current ? externalLink(data.current.url, shortSha(data.current.sha), { class: "rw-sha" }) : "unknown",
      ),
      fact(
        "Redeploy",
        externalLink(data.target.url, shortSha(data.target.sha), { class: "rw-sha", "data-target": data.target.sha }),
      ),
      fact("Why", data.reason),
      fact("Convex deployment", externalLink(data.dashboardUrl, data.deployment, { "data-dashboard": "" })),
    ),
    ...data.commands.map(commandBlock),
  ];
}

export function renderGit(data: GitRollback): HTMLElement[] {
  const merges =
    data.mergeCommits === null
      ? data.warning
        ? "unknown (GitHub's compare did not answer)"
        : "unknown (GitHub not asked)"
      : data.mergeCommits
        ? "yes: use -m 1"
        : "none";
  return [
    data.warning
      ? h("p", { class: "rw-fact-error", "data-warning": data.warning.code }, `⚠ ${data.warning.message}`)
      : null,
    h(
      "dl",
      { class: "rw-facts" },
      fact(
        "Last good",
        externalLink(data.good.url, shortSha(data.good.sha), { class: "rw-sha", "data-good": data.good.sha }),
      ),
      fact(
        "Bad up to",
        externalLink(data.bad.url, shortSha(data.bad.sha), { class: "rw-sha", "data-bad": data.bad.sha }),
      ),
      fact(
        "Range",
        externalLink(
          data.compareUrl,
          data.commitCount === null ? "compare on GitHub" : `${data.commitCount} commits on GitHub`,
          {
            "data-compare": "",
          },
        ),
      ),
      fact("Merge commits", merges),
      fact("Why", data.reason),
    ),
    ...data.commands.map(commandBlock),
  ].filter((n): n is HTMLElement => n !== null);
}

function fact(label: string, value: Node | string): HTMLElement {
  return h("div", { class: "rw-fact" }, h("dt", {}, label), h("dd", {}, value));
}

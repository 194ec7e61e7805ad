/**
 * @module
 * Stand-ins for the web pages the runbook links to (`/dashboards/*`): the Cloudflare dashboard's
 * Pages project and deployment pages, GitHub's repository, commit, compare, workflow, run, file and
 * secrets pages, the Convex dashboard and the DodoPayments dashboard. The demo environment's
 * `dashboardBase` / `webBase` / `webhooks.dashboardUrl` point here, so a reader of the demo who
 * follows a link sees the deployment, run or commit the real page would show, not a 404 on a real site.
 * Pages only read the shared history and the switches; nothing here changes state.
 */
import { demoDeployments } from "./deployment-pages.ts";
import {
  DEMO_BRANCHES,
  DEMO_COMMITS,
  DEMO_CONVEX_DEPLOYMENT,
  DEMO_PRODUCTION_BRANCH,
  DEMO_REPO,
  DEMO_WORKFLOW_RUNS,
  type DemoCommit,
  type DemoDeployment,
  findCommit,
  lineage,
  resolveRef,
} from "./history.ts";
import { sendHtml } from "./http.ts";
import { canonicalDeployment } from "./release.ts";
import { param, type RequestContext, type RouteGroup } from "./router.ts";
import { demoVariableNames } from "./variables.ts";

export const DASHBOARDS_PREFIX = "/dashboards";
/** Bases for runbook.config.json's demo environment (rebased onto the demo's origin when it loads). */
export const DEMO_DASHBOARD_BASES = {
  cloudflare: `${DASHBOARDS_PREFIX}/cloudflare`,
  github: `${DASHBOARDS_PREFIX}/github`,
  convex: `${DASHBOARDS_PREFIX}/convex`,
  dodopayments: `${DASHBOARDS_PREFIX}/dodopayments/`,
} as const;

const ACCOUNT = "demo-account";
const PROJECT = "dashtray";
const WORKFLOW = "deploy.yml";
const REPO = `${DEMO_REPO.owner}/${DEMO_REPO.name}`;
/** Production deployments listed on the project page before "and N more". */
const LISTED = 30;

const FILES: Readonly<Record<string, string>> = {
  ".nvmrc": "24\n",
  [`.github/workflows/${WORKFLOW}`]:
    "name: Deploy\non:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-node@v4\n        with: { node-version-file: .nvmrc }\n      - run: npm ci && npm run build\n      - run: npx convex deploy\n      - run: npx wrangler pages deploy dist --project-name dashtray --branch main\n",
};

type Cell = string | { html: string };

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function link(href: string, text: string): { html: string } {
  return { html: `<a href="${esc(href)}">${esc(text)}</a>` };
}

function cell(c: Cell): string {
  return typeof c === "string" ? esc(c) : c.html;
}

function table(caption: string, head: string[], rows: Cell[][]): string {
  return `<div class="scroll" role="region" aria-label="${esc(caption)}" tabindex="0"><table><caption>${esc(caption)}</caption>
<thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join("")}</tr></thead>
<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join("")}</tr>`).join("\n")}</tbody></table></div>`;
}

function facts(rows: [string, Cell][]): string {
  return `<dl>${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${cell(v)}</dd>`).join("")}</dl>`;
}

/** One page in the style every stand-in shares: which real page it replaces, then its facts. */
function page(ctx: RequestContext, status: number, site: string, title: string, body: string): void {
  sendHtml(
    ctx.res,
    status,
    `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · ${esc(site)} (demo)</title>
<style>
:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
body { margin: 0 auto; max-width: 60rem; padding: 1rem; }
header { border-bottom: 1px solid; margin-bottom: 1rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; } th, td { border: 1px solid; padding: 0.25rem 0.5rem; text-align: left; }
caption { text-align: left; font-weight: bold; } dt { font-weight: bold; } dd { margin: 0 0 0.5rem; overflow-wrap: anywhere; }
code, pre { overflow-wrap: anywhere; white-space: pre-wrap; }
a { color: LinkText; }
</style>
</head>
<body>
<header><p><strong>Demo stand-in for ${esc(site)}.</strong> Served by the local demo Dashtray in place of the real page, with the demo's own deployments, runs and commits.</p></header>
<main>
<h1>${esc(title)}</h1>
${body}
</main>
</body>
</html>
`,
  );
}

function notFound(ctx: RequestContext, site = "a dashboard"): void {
  page(
    ctx,
    404,
    site,
    "Not found",
    `<p>The demo has no page at <code>${esc(ctx.url.pathname)}</code>. It knows the account <code>${ACCOUNT}</code>, the Pages project <code>${PROJECT}</code>, the repository <code>${REPO}</code> and the Convex deployment <code>${DEMO_CONVEX_DEPLOYMENT}</code>.</p>`,
  );
}

// Cloudflare.

const CF = "the Cloudflare dashboard";
const cfProject = `${DEMO_DASHBOARD_BASES.cloudflare}/${ACCOUNT}/pages/view/${PROJECT}`;

function short(sha: string): string {
  return sha.slice(0, 7);
}

function commitLink(sha: string): { html: string } {
  return link(`${DEMO_DASHBOARD_BASES.github}/${REPO}/commit/${sha}`, short(sha));
}

function ours(ctx: RequestContext): boolean {
  return param(ctx, "account") === ACCOUNT && param(ctx, "project") === PROJECT;
}

function pagesProject(ctx: RequestContext): void {
  if (!ours(ctx)) {
    notFound(ctx, CF);
    return;
  }
  const { pagesScenario, rollbackScenario } = ctx.state.settings;
  const live = canonicalDeployment(pagesScenario);
  const production = demoDeployments(rollbackScenario).filter((d) => d.environment === "production");
  const rows = production
    .slice(0, LISTED)
    .map((d): Cell[] => [
      link(`${cfProject}/${d.id}`, d.id.slice(0, 8)),
      d.id === live.id ? "Live (serving)" : "",
      d.stage.status === "success" ? "Success" : "Failed",
      commitLink(d.commitSha),
      d.version,
      d.createdOn,
    ]);
  const more =
    production.length > LISTED ? `<p>And ${production.length - LISTED} older production deployments.</p>` : "";
  const names = demoVariableNames("pages", ctx.state.settings.variablesScenario);
  page(
    ctx,
    200,
    CF,
    `Workers & Pages › ${PROJECT}`,
    `${facts([
      ["Account", ACCOUNT],
      ["Production branch", DEMO_PRODUCTION_BRANCH],
      [
        "Serving",
        { html: `${link(`${cfProject}/${live.id}`, live.id.slice(0, 8)).html} (commit ${esc(short(live.commitSha))})` },
      ],
    ])}
${table("Production deployments", ["Deployment", "", "Status", "Commit", "Version", "Created"], rows)}
${more}
<h2>Settings › Variables and Secrets (production)</h2>
<ul>${names.map((n) => `<li><code>${esc(n)}</code> (value hidden)</li>`).join("")}</ul>
<h2>Custom domains</h2>
<ul><li>dashtray.example.com</li><li>www.dashtray.example.com</li></ul>`,
  );
}

function pagesDeployment(ctx: RequestContext): void {
  if (!ours(ctx)) {
    notFound(ctx, CF);
    return;
  }
  const { pagesScenario, rollbackScenario } = ctx.state.settings;
  const id = param(ctx, "deployment");
  const d: DemoDeployment | undefined = demoDeployments(rollbackScenario).find((x) => x.id === id);
  if (!d) {
    notFound(ctx, CF);
    return;
  }
  const live = canonicalDeployment(pagesScenario);
  const commit = findCommit(d.commitSha);
  const action =
    d.id === live.id
      ? "This deployment is live; nothing to roll back to here."
      : d.environment === "production" && d.stage.status === "success"
        ? "In the real dashboard: ⋯ › Rollback to this deployment (the demo does not roll back from here; use its controls on the runbook's demo page)."
        : "Not a rollback target: only successful production deployments are.";
  page(
    ctx,
    200,
    CF,
    `Deployment ${d.id.slice(0, 8)}`,
    `${facts([
      ["Project", link(cfProject, PROJECT)],
      ["Deployment ID", d.id],
      ["Environment", d.environment],
      ["Status", d.stage.status === "success" ? "Success" : "Failed"],
      ["Serving", d.id === live.id ? "Yes: this is what production serves" : "No"],
      ["Branch", d.branch],
      ["Commit", { html: `${commitLink(d.commitSha).html} ${esc(commit?.message ?? "")}` }],
      ["Version", d.version],
      ["Created", d.createdOn],
      ["URL", `https://${d.id.slice(0, 8)}.${PROJECT}.pages.dev`],
    ])}
<p>${esc(action)}</p>`,
  );
}

// GitHub.

const GH = "GitHub";
const ghRepo = `${DEMO_DASHBOARD_BASES.github}/${REPO}`;

function repoOk(ctx: RequestContext): boolean {
  return param(ctx, "owner") === DEMO_REPO.owner && param(ctx, "repo") === DEMO_REPO.name;
}

function commitRows(list: readonly DemoCommit[]): Cell[][] {
  return list.map((c) => [commitLink(c.sha), c.message, c.author, c.branch, c.date]);
}

function repository(ctx: RequestContext): void {
  if (!repoOk(ctx)) {
    notFound(ctx, GH);
    return;
  }
  const branches = Object.entries(DEMO_BRANCHES).map(([name, sha]): Cell[] => [name, commitLink(sha)]);
  page(
    ctx,
    200,
    GH,
    REPO,
    `<p>${link(`${ghRepo}/actions/workflows/${WORKFLOW}`, "Deploy workflow runs").html}</p>
${table("Branches", ["Branch", "Head"], branches)}
${table("Commits", ["Commit", "Message", "Author", "Branch", "Date"], commitRows([...DEMO_COMMITS].reverse()))}`,
  );
}

function commit(ctx: RequestContext): void {
  if (!repoOk(ctx)) {
    notFound(ctx, GH);
    return;
  }
  const c = resolveRef(param(ctx, "sha"));
  if (!c) {
    notFound(ctx, GH);
    return;
  }
  const runs = DEMO_WORKFLOW_RUNS.filter((r) => r.headSha === c.sha);
  page(
    ctx,
    200,
    GH,
    c.message,
    facts([
      ["Commit", c.sha],
      ["Author", c.author],
      ["Date", c.date],
      ["Branch", c.branch],
      ["Parent", c.parent ? commitLink(c.parent) : "none (first commit)"],
      [
        "Deploy runs",
        runs.length
          ? {
              html: runs
                .map((r) => link(`${ghRepo}/actions/runs/${r.id}`, `#${r.runNumber} ${r.conclusion}`).html)
                .join(", "),
            }
          : "none",
      ],
    ]),
  );
}

function compare(ctx: RequestContext): void {
  if (!repoOk(ctx)) {
    notFound(ctx, GH);
    return;
  }
  const [a, b, extra] = param(ctx, "range").split("...");
  const base = a ? resolveRef(a) : undefined;
  const head = b ? resolveRef(b) : undefined;
  if (!base || !head || extra !== undefined) {
    notFound(ctx, GH);
    return;
  }
  const inBase = new Set(lineage(base.sha).map((c) => c.sha));
  const inHead = new Set(lineage(head.sha).map((c) => c.sha));
  const ahead = lineage(head.sha).filter((c) => !inBase.has(c.sha));
  const behind = lineage(base.sha).filter((c) => !inHead.has(c.sha));
  page(
    ctx,
    200,
    GH,
    `Comparing ${short(base.sha)}...${short(head.sha)}`,
    `<p>${esc(`${ahead.length} commit${ahead.length === 1 ? "" : "s"} in ${short(head.sha)} that ${short(base.sha)} lacks; ${behind.length} the other way.`)}</p>
${ahead.length ? table("Commits", ["Commit", "Message", "Author", "Branch", "Date"], commitRows(ahead)) : "<p>There isn't anything to compare.</p>"}`,
  );
}

function workflowRuns(ctx: RequestContext): void {
  if (!repoOk(ctx) || param(ctx, "workflow") !== WORKFLOW) {
    notFound(ctx, GH);
    return;
  }
  const rows = [...DEMO_WORKFLOW_RUNS]
    .reverse()
    .map((r): Cell[] => [
      link(`${ghRepo}/actions/runs/${r.id}`, `#${r.runNumber}`),
      r.conclusion,
      findCommit(r.headSha)?.message ?? "",
      r.headBranch,
      commitLink(r.headSha),
      r.createdAt,
    ]);
  page(
    ctx,
    200,
    GH,
    "Deploy workflow runs",
    `<p>${link(`${ghRepo}/blob/${DEMO_PRODUCTION_BRANCH}/.github/workflows/${WORKFLOW}`, `.github/workflows/${WORKFLOW}`).html}</p>
${table("Runs, newest first", ["Run", "Conclusion", "Commit message", "Branch", "Commit", "Started"], rows)}`,
  );
}

function run(ctx: RequestContext): void {
  if (!repoOk(ctx)) {
    notFound(ctx, GH);
    return;
  }
  const r = DEMO_WORKFLOW_RUNS.find((x) => String(x.id) === param(ctx, "id"));
  if (!r) {
    notFound(ctx, GH);
    return;
  }
  page(
    ctx,
    200,
    GH,
    `Deploy #${r.runNumber}: ${findCommit(r.headSha)?.message ?? r.headSha}`,
    facts([
      ["Workflow", link(`${ghRepo}/actions/workflows/${WORKFLOW}`, "Deploy")],
      ["Conclusion", r.conclusion],
      ["Event", r.event],
      ["Branch", r.headBranch],
      ["Commit", commitLink(r.headSha)],
      ["Started", r.createdAt],
      ["Finished", r.updatedAt],
    ]),
  );
}

function blob(ctx: RequestContext): void {
  if (!repoOk(ctx)) {
    notFound(ctx, GH);
    return;
  }
  const rest = param(ctx, "path");
  const ref = Object.keys(DEMO_BRANCHES).find((b) => rest.startsWith(`${b}/`));
  const path = ref ? rest.slice(ref.length + 1) : undefined;
  const text = path === undefined ? undefined : FILES[path];
  if (!ref || path === undefined || text === undefined) {
    notFound(ctx, GH);
    return;
  }
  page(ctx, 200, GH, `${REPO} / ${path} (${ref})`, `<pre><code>${esc(text)}</code></pre>`);
}

function secrets(ctx: RequestContext): void {
  if (!repoOk(ctx)) {
    notFound(ctx, GH);
    return;
  }
  const scenario = ctx.state.settings.variablesScenario;
  const list = (names: string[]) => `<ul>${names.map((n) => `<li><code>${esc(n)}</code></li>`).join("")}</ul>`;
  page(
    ctx,
    200,
    GH,
    "Actions secrets and variables",
    `<h2>Repository secrets</h2>${list(demoVariableNames("github-secrets", scenario))}
<h2>Repository variables</h2>${list(demoVariableNames("github-variables", scenario))}`,
  );
}

// Convex and DodoPayments.

const CX = "the Convex dashboard";

function convexDeployment(ctx: RequestContext): void {
  if (param(ctx, "deployment") !== DEMO_CONVEX_DEPLOYMENT) {
    notFound(ctx, CX);
    return;
  }
  page(
    ctx,
    200,
    CX,
    `Deployment ${DEMO_CONVEX_DEPLOYMENT}`,
    `${facts([
      ["Deployment", DEMO_CONVEX_DEPLOYMENT],
      ["Type", "Production"],
      [
        "Environment variables",
        link(
          `${ctx.url.pathname.replace(/\/$/, "")}/settings/environment-variables`,
          "Settings › Environment Variables",
        ),
      ],
    ])}
<p>The real dashboard's History tab lists each deploy; redeploy a commit with <code>npx convex deploy</code> from its checkout.</p>`,
  );
}

function convexVariables(ctx: RequestContext): void {
  if (param(ctx, "deployment") !== DEMO_CONVEX_DEPLOYMENT) {
    notFound(ctx, CX);
    return;
  }
  const names = demoVariableNames("convex", ctx.state.settings.variablesScenario);
  page(
    ctx,
    200,
    CX,
    "Environment Variables",
    `<ul>${names.map((n) => `<li><code>${esc(n)}</code> (value hidden)</li>`).join("")}</ul>`,
  );
}

function dodoPayments(ctx: RequestContext): void {
  page(
    ctx,
    200,
    "the DodoPayments dashboard",
    "Developer › Webhooks",
    `<p>Endpoint: the demo's <code>/convex/webhooks/dodopayments</code>, signed with the demo's published test secret.</p>
<p>The real page lists each delivery with its status and lets you resend one.</p>`,
  );
}

export function dashboardRoutes(): RouteGroup {
  const cf = `${DEMO_DASHBOARD_BASES.cloudflare}/:account/pages/view/:project`;
  const gh = `${DEMO_DASHBOARD_BASES.github}/:owner/:repo`;
  const cx = `${DEMO_DASHBOARD_BASES.convex}/d/:deployment`;
  return {
    prefix: DASHBOARDS_PREFIX,
    kind: "tooling",
    routes: [
      { method: "GET", pattern: cf, handle: pagesProject },
      { method: "GET", pattern: `${cf}/:deployment`, handle: pagesDeployment },
      { method: "GET", pattern: gh, handle: repository },
      { method: "GET", pattern: `${gh}/commit/:sha`, handle: commit },
      { method: "GET", pattern: `${gh}/compare/*range`, handle: compare },
      { method: "GET", pattern: `${gh}/actions/workflows/:workflow`, handle: workflowRuns },
      { method: "GET", pattern: `${gh}/actions/runs/:id`, handle: run },
      { method: "GET", pattern: `${gh}/blob/*path`, handle: blob },
      { method: "GET", pattern: `${gh}/settings/secrets/actions`, handle: secrets },
      { method: "GET", pattern: cx, handle: convexDeployment },
      { method: "GET", pattern: `${cx}/settings/environment-variables`, handle: convexVariables },
      { method: "GET", pattern: DEMO_DASHBOARD_BASES.dodopayments, handle: dodoPayments },
      { method: "GET", pattern: DEMO_DASHBOARD_BASES.dodopayments.replace(/\/$/, ""), handle: dodoPayments },
    ],
    notFound: (ctx) => notFound(ctx),
  };
}

/**
 * @module
 * The Pages rollback, once every guard passed: one `POST .../deployments/{id}/rollback`, its answer
 * read as done, refused or unknown; an unknown answer read back; then, whenever the switch happened,
 * the smoke suite and the version check; and the outcome recorded. `rollbackPages` is what the Rollback
 * page's press runs, and what an automatic rollback (the watch) calls with its own identity as actor.
 */
import { sameCommit, shortSha } from "../../core/deploy/commits.ts";
import type { RollbackEvent } from "../../core/deploy/rollback-action.ts";
import { pagesWriteClient } from "../clients/cloudflare-write.ts";
import { deployClients } from "../reports/deploy-clients.ts";
import { versionReport } from "../reports/version.ts";
import { howToCheckPages, readBackPages } from "./read-back.ts";
import { recordOutcome } from "./record.ts";
import { named, oddAnswer } from "./refs.ts";
import type { ActionRun } from "./types.ts";
import { smokeRun } from "./verify.ts";

/** Subrequests kept back from the smoke run: the rollback, its read-back and the version check. */
const RESERVED_SUBREQUESTS = 15;

export async function rollbackPages(o: ActionRun): Promise<RollbackEvent> {
  const { runtime, env, publish, to, from } = o;
  publish({ type: "start", environment: env.id, by: o.actor, from, to, reason: o.reason, joined: false });
  const cloudflare = env.cloudflare;
  if (!cloudflare) throw new Error("[actions] cloudflare settings vanished");
  const answer = await pagesWriteClient({
    fetch: runtime.fetch,
    settings: cloudflare,
    writeTokenVariable: o.settings.writeTokenVariable,
    bindings: o.bindings,
    environmentId: env.id,
    rollbackTimeoutMs: o.settings.answerTimeoutSeconds * 1000,
  }).rollback(to.id);
  const clients = deployClients(runtime.fetch, env, o.bindings);

  // Only a clear 2xx naming the target is taken at its word; every other answer is read back, a
  // documented refusal too (two reads), so the page says what Pages serves, never what it should.
  const clear = answer.ok && answer.data.id === to.id;
  const refused = !answer.ok && answer.applied === "no";
  const odd = answer.ok
    ? `Cloudflare answered HTTP ${answer.status} naming deployment ${answer.data.id.slice(0, 8)}, not ${to.shortId}`
    : refused
      ? `Cloudflare refused (${answer.error.message})`
      : oddAnswer(answer.error.message);
  publish({
    type: "answer",
    verdict: clear ? "done" : refused ? "refused" : "unknown",
    said: clear ? "Cloudflare switched production." : odd,
  });
  if (!clear) {
    const back = await readBackPages(clients, from, to);
    publish({ type: "read-back", switched: back.switched, said: back.said });
    if (back.switched === false || (back.switched === null && refused))
      return recordOutcome(o, "pages", {
        outcome: "not-rolled-back",
        switched: false,
        headline: `Not rolled back: ${odd}; read back, ${back.switched === false ? back.said : `Cloudflare's refusal stands (${back.said})`}.`,
        next: refused
          ? "Nothing changed. Fix what Cloudflare names, or run the rollback command from the page."
          : "Nothing changed. Press again once Cloudflare answers normally (its status page says when), or run the rollback command from the page.",
        verification: `No verification: nothing changed (read back: ${back.said}).`,
        code: refused ? "cloudflare_refused" : "cloudflare_unclear_not_applied",
      });
    if (back.switched === null)
      return recordOutcome(o, "pages", {
        outcome: "unknown",
        switched: null,
        headline: `Unknown whether Pages rolled back: ${odd}, and ${back.said}.`,
        next: `Check by hand: ${howToCheckPages(clients, to)}`,
        verification: `No verification: the switch could not be confirmed (${back.said}).`,
        code: "read_back_failed",
      });
  }
  publish({ type: "rolled-back", live: to });
  const summary = await smokeRun(o, RESERVED_SUBREQUESTS);
  const report = await versionReport(clients);
  const liveId = report.pages.ok ? (report.pages.data.live?.id ?? null) : null;
  const frontendCommit = report.frontend.ok ? report.frontend.data.commit : null;
  const matches = liveId === to.id && (frontendCommit === null || !to.commit || sameCommit(frontendCommit, to.commit));
  publish({
    type: "version",
    status: report.status,
    liveId,
    frontendCommit,
    matches,
    drift: report.drift.filter((d) => d.severity === "warn").map((d) => d.title),
  });
  const smoke = `Smoke suite: ${summary.status} (${summary.summary}).`;
  const version = matches
    ? `Version check: Pages serves ${to.shortId}${frontendCommit ? ` and the app reports commit ${shortSha(frontendCommit)}` : ""}.`
    : `Version check: Pages serves ${liveId ? liveId.slice(0, 8) : "an unknown deployment"}${frontendCommit ? `, the app reports commit ${shortSha(frontendCommit)}` : ""}, not ${named(to)} yet.`;
  const despite = clear
    ? ""
    : ` (${refused ? "although " : "Cloudflare's answer was unclear: "}${odd}; read back, Pages serves it)`;
  const code = clear ? undefined : refused ? "cloudflare_refused_but_applied" : "cloudflare_unclear_applied";
  if (summary.status !== "fail" && matches)
    return recordOutcome(o, "pages", {
      outcome: "verified",
      switched: true,
      headline: `Rolled back and verified: Pages serves ${named(to)}${despite}.`,
      next: "Tell the team, then fix forward; roll forward with the command on the page once the fix is deployed.",
      verification: `${smoke} ${version}`,
      ...(code && { code }),
    });
  return recordOutcome(o, "pages", {
    outcome: "verify-failed",
    switched: true,
    headline: `Rolled back, but verification failed: Pages was switched to ${named(to)}${despite}.`,
    next: matches
      ? "The deployment you rolled back to fails the smoke suite too: look at the failing checks above, roll back further if it is bad as well, or check the backend (Convex) and its recent deploys."
      : "The served version does not match yet: wait a minute (the switch takes a moment to reach every location) and run Verify again; if it still differs, check the Pages dashboard.",
    verification: `${smoke} ${version}`,
    ...(!clear && { code: "cloudflare_unclear_applied" }),
  });
}

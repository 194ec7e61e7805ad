/**
 * @module
 * What the deployment-window widget says at one instant, as plain strings: the verdict and its reasons,
 * the team's and the reader's wall clocks, and the best window open now or next in both zones. Pure, so
 * the unit tests read it without a DOM and the browser test reads the same words on the page.
 */
import type { DeployWindow } from "../../core/config/deploy-window.ts";
import { evaluateWindow, type Verdict, type WindowEvaluation } from "../../core/window/evaluate.ts";
import { formatClock, formatDay, formatDuration, formatSpan } from "../../core/window/format.ts";
import { wallClock } from "../../core/window/zone.ts";
import type { WidgetState } from "../shared/status.ts";

const VERDICT: Record<Verdict, { state: WidgetState; symbol: string; headline: string }> = {
  best: { state: "pass", symbol: "✓", headline: "Best time to deploy" },
  ok: { state: "warn", symbol: "!", headline: "Acceptable, but outside the best window" },
  avoid: { state: "fail", symbol: "✗", headline: "Avoid deploying now" },
};

export interface WindowFact {
  key: "team" | "yours" | "next" | "announce";
  label: string;
  value: string;
  note?: string;
}

export interface WindowView {
  verdict: Verdict;
  state: WidgetState;
  symbol: string;
  headline: string;
  reasons: string[];
  facts: WindowFact[];
}

/** The reader's own IANA zone as the browser reports it (UTC when it reports none). */
export function readerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** Whether two zones show the same wall clock at both instants (then "your time" would only repeat it). */
function sameClock(a: string, b: string, instants: readonly Date[]): boolean {
  return a === b || instants.every((t) => JSON.stringify(wallClock(t, a)) === JSON.stringify(wallClock(t, b)));
}

/** The best-window fact: open now until its end, or when the next one is, in the team's zone and the reader's. */
function nextFact(evaluation: WindowEvaluation, now: Date, readerZone: string): WindowFact {
  const team = evaluation.timeZone;
  const next = evaluation.next;
  if (!next)
    return {
      key: "next",
      label: "Next best window",
      value: "none in the coming year (check the holidays in runbook.config.json)",
    };
  const start = new Date(next.start);
  const end = new Date(next.end);
  const same = sameClock(team, readerZone, [start, end]);
  if (start.getTime() <= now.getTime()) {
    const until = `${wallClock(end, team).time} ${team}`;
    return {
      key: "next",
      label: "Best window",
      value: same
        ? `open now, until ${until}`
        : `open now, until ${until} (${wallClock(end, readerZone).time} your time)`,
      note: `closes in ${formatDuration(end.getTime() - now.getTime())}`,
    };
  }
  const inTeam = `${formatSpan(next, team)} ${team}`;
  return {
    key: "next",
    label: "Next best window",
    value: same ? `${inTeam} (your time zone too)` : `${inTeam} = ${formatSpan(next, readerZone)} your time`,
    note: `starts in ${formatDuration(start.getTime() - now.getTime())}`,
  };
}

/** When a maintenance window in the next best window must be announced by, or that it is too late to. */
function announceFact(evaluation: WindowEvaluation, rules: DeployWindow, now: Date): WindowFact | undefined {
  const next = evaluation.next;
  if (!next || rules.announceHours === 0) return undefined;
  const start = new Date(next.start);
  if (start.getTime() <= now.getTime()) return undefined;
  const by = new Date(start.getTime() - rules.announceHours * 3_600_000);
  const notice = `${rules.announceHours} hours' notice`;
  return by.getTime() > now.getTime()
    ? {
        key: "announce",
        label: "Maintenance then",
        value: `announce by ${formatDay(by, rules.timeZone)} ${wallClock(by, rules.timeZone).time} ${rules.timeZone}`,
        note: notice,
      }
    : { key: "announce", label: "Maintenance then", value: `too late to announce (needs ${notice})` };
}

/** Everything the widget shows at `now` for a reader in `readerZone`. */
export function windowView(now: Date, rules: DeployWindow, readerZone: string): WindowView {
  const evaluation = evaluateWindow(now, rules);
  const team = rules.timeZone;
  const verdict = VERDICT[evaluation.verdict];
  const facts: WindowFact[] = [{ key: "team", label: "Team time", value: `${formatClock(now, team)} ${team}` }];
  facts.push({
    key: "yours",
    label: "Your time",
    value: `${formatClock(now, readerZone)} ${readerZone}`,
    ...(sameClock(team, readerZone, [now]) && readerZone !== team ? { note: "same clock as the team" } : {}),
  });
  facts.push(nextFact(evaluation, now, readerZone));
  const announce = announceFact(evaluation, rules, now);
  if (announce) facts.push(announce);
  return { verdict: evaluation.verdict, ...verdict, reasons: evaluation.reasons, facts };
}

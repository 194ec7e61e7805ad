/**
 * @module
 * Builds a notification event from what the runbook recorded: the title, status and links follow from
 * the type and the facts, so every emission point says the same thing the same way.
 */
import type { ResolvedEnvironment } from "../config/load.ts";
import { commitUrl, convexDashboardUrl, pagesDeploymentUrl, pagesProjectUrl } from "../deploy/links.ts";
import {
  type EventAlert,
  type EventFacts,
  type EventLink,
  type EventStatus,
  type EventType,
  type NotificationEvent,
  newEventId,
} from "./events.ts";

export interface EventInput {
  type: EventType;
  environment: Pick<ResolvedEnvironment, "id" | "label" | "cloudflare" | "convex" | "github">;
  /** Who did it (the verified identity, "local"), or null when the runbook did it on its own. */
  actor: string | null;
  reason?: string | null;
  facts?: EventFacts;
  /** Overrides the type's own status (verify and verdict events say theirs). */
  status?: EventStatus;
  /** A sentence more than the title; the type's own when absent. */
  summary?: string;
  alert?: EventAlert | null;
  /** The runbook's public origin (`https://runbook.example.com`), for links back to its pages. */
  siteUrl?: string | undefined;
  /** When it happened; now when absent. */
  at?: string;
  id?: string;
}

const PAGES: Record<EventType, { path: string; label: string }> = {
  "deployment.started": { path: "/deploy/1-pre-deployment-check/", label: "Deployment steps" },
  "deployment.succeeded": { path: "/after/post-deployment-tasks/", label: "Post-deployment tasks" },
  "deployment.rolled_back": { path: "/rollback/", label: "Rollback procedure" },
  "deployment.abandoned": { path: "/after/audit-log/", label: "Deployment log" },
  "verify.passed": { path: "/deploy/4-verify-deployment/", label: "Verify deployment" },
  "verify.failed": { path: "/deploy/4-verify-deployment/", label: "Verify deployment" },
  "monitor.breach": { path: "/deploy/6-monitor/", label: "Monitor" },
  "monitor.verdict": { path: "/deploy/6-monitor/", label: "Monitor" },
  "action.pressed": { path: "/rollback/cloudflare-pages/", label: "Rollback" },
  "action.outcome": { path: "/rollback/cloudflare-pages/", label: "Rollback" },
  "incident.opened": { path: "/incidents/common-issues/", label: "Common issues" },
  "incident.resolved": { path: "/incidents/common-issues/", label: "Common issues" },
  "deployment.planned": { path: "/before/deployment-schedule/", label: "Deployment schedule" },
  "deployment.planned_start": { path: "/deploy/1-pre-deployment-check/", label: "Deployment steps" },
  test: { path: "/reference/notifications/", label: "Notifications" },
};

const STATUS: Record<EventType, EventStatus> = {
  "deployment.started": "info",
  "deployment.succeeded": "success",
  "deployment.rolled_back": "warning",
  "deployment.abandoned": "warning",
  "verify.passed": "success",
  "verify.failed": "failure",
  "monitor.breach": "failure",
  "monitor.verdict": "success",
  "action.pressed": "warning",
  "action.outcome": "info",
  "incident.opened": "failure",
  "incident.resolved": "success",
  "deployment.planned": "info",
  "deployment.planned_start": "info",
  test: "info",
};

/** One line per type, from the facts it has. */
function titleOf(type: EventType, label: string, facts: EventFacts): string {
  const commit = facts.commit ? ` ${facts.commit.slice(0, 7)}` : "";
  switch (type) {
    case "deployment.started":
      return `Deployment${commit} started on ${label}`;
    case "deployment.succeeded":
      return `Deployed and verified${commit} on ${label}`;
    case "deployment.rolled_back":
      return `Deployment${commit} on ${label} was rolled back`;
    case "deployment.abandoned":
      return `Deployment${commit} on ${label} was abandoned`;
    case "verify.passed":
      return `Verify all passed on ${label}`;
    case "verify.failed":
      return `Verify all failed on ${label}`;
    case "monitor.breach":
      return `Success criteria breached on ${label}`;
    case "monitor.verdict":
      return facts.outcome === "rollback-recommended"
        ? `Monitor on ${label}: roll back recommended`
        : `Monitor on ${label}: ${facts.outcome ?? "finished"}`;
    case "action.pressed":
      return `${facts.actionKind === "convex-redeploy" ? "Convex redeploy" : "Rollback"} pressed on ${label}`;
    case "action.outcome":
      return `${facts.actionKind === "convex-redeploy" ? "Convex redeploy" : "Rollback"} on ${label}: ${facts.outcome ?? "finished"}`;
    case "incident.opened":
      return `Incident opened on ${label}`;
    case "incident.resolved":
      return `Incident resolved on ${label}`;
    case "deployment.planned":
      return `Deployment planned on ${label}`;
    case "deployment.planned_start":
      return `Planned deployment on ${label} starts now`;
    case "test":
      return `Test message from the runbook (${label})`;
  }
}

/** The runbook page, the deployment and the dashboards the event concerns. */
function linksOf(input: EventInput, facts: EventFacts): EventLink[] {
  const links: EventLink[] = [];
  const { cloudflare, convex, github } = input.environment;
  if (input.siteUrl) {
    const page = PAGES[input.type];
    links.push({ label: page.label, url: new URL(page.path, input.siteUrl).toString() });
  }
  if (cloudflare && facts.toId && facts.actionKind === "pages-rollback")
    links.push({ label: "Cloudflare Pages deployment", url: pagesDeploymentUrl(cloudflare, facts.toId) });
  else if (cloudflare) links.push({ label: "Cloudflare Pages", url: pagesProjectUrl(cloudflare) });
  if (convex) links.push({ label: "Convex dashboard", url: convexDashboardUrl(convex) });
  if (github && facts.commit && /^[0-9a-f]{7,40}$/.test(facts.commit))
    links.push({ label: "Commit", url: commitUrl(github, facts.commit) });
  return links;
}

export function buildEvent(input: EventInput): NotificationEvent {
  const facts = input.facts ?? {};
  const label = input.environment.label;
  const title = titleOf(input.type, label, facts);
  return {
    id: input.id ?? newEventId(),
    type: input.type,
    environment: { id: input.environment.id, label },
    occurredAt: input.at ?? new Date().toISOString(),
    status: input.status ?? STATUS[input.type],
    title,
    summary: (input.summary ?? title).slice(0, 1000),
    actor: input.actor,
    reason: input.reason ? input.reason.slice(0, 500) : null,
    facts,
    alert: input.alert ?? null,
    links: linksOf(input, facts),
  };
}

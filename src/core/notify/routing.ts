/**
 * @module
 * Which channels hear about an event: the environment's routes in the config, the demo's sinks only
 * where the demo exists, and the quiet rules (a repeat of an open alert at most every
 * `repeatMinutes`; a resolve goes wherever its trigger went).
 */
import { type Channel, type Notifications, patternCovers } from "../config/notifications.ts";

export interface ResolvedChannel {
  id: string;
  label: string;
  channel: Channel;
}

/**
 * The channels that exist here: every configured one, except demo sinks without a demo origin; a demo
 * PagerDuty sink's API base moves onto the demo's origin (as the demo environment's targets do).
 */
export function availableChannels(settings: Notifications, demoOrigin: string | undefined): ResolvedChannel[] {
  const out: ResolvedChannel[] = [];
  for (const [id, channel] of Object.entries(settings.channels)) {
    if (channel.demo && !demoOrigin) continue;
    const resolved =
      channel.kind === "pagerduty" && channel.demo && demoOrigin
        ? {
            ...channel,
            apiBase: `${new URL(demoOrigin).origin}${new URL(channel.apiBase).pathname.replace(/\/+$/, "")}`,
          }
        : channel;
    out.push({ id, label: channel.label ?? id, channel: resolved });
  }
  return out;
}

/** The channel ids the environment's routes send this event type to (each once, in route order). */
export function routedChannels(
  settings: Notifications,
  available: readonly ResolvedChannel[],
  environment: string,
  type: string,
): string[] {
  const exists = new Set(available.map((c) => c.id));
  const ids = (settings.routes[environment] ?? [])
    .filter((route) => route.events.some((pattern) => patternCovers(pattern, type)))
    .flatMap((route) => route.channels)
    .filter((id) => exists.has(id));
  return [...new Set(ids)];
}

/** Quiet rule: was the same open alert sent to this channel less than `repeatMinutes` ago? */
export function isQuietRepeat(lastTriggerAt: string | undefined, at: string, repeatMinutes: number): boolean {
  if (lastTriggerAt === undefined) return false;
  return Date.parse(at) - Date.parse(lastTriggerAt) < repeatMinutes * 60_000;
}

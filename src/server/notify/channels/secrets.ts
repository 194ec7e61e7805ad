/**
 * @module
 * A channel's URL and keys, read from the bindings its config names. A missing or malformed binding
 * is a problem that names the binding and never repeats its value: channel URLs are secrets (anyone
 * holding a Slack webhook URL can post to the channel).
 */
import type { Channel } from "../../../core/config/notifications.ts";
import type { ChannelSecrets } from "./types.ts";

export type SecretsOutcome = { ok: true; secrets: ChannelSecrets } | { ok: false; problem: string };

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Is this an https URL (or, for a demo channel, http on loopback)? Says why not, without the value. */
export function urlProblem(raw: string, name: string, demo: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `${name} is not a URL (expected https://…)`;
  }
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && demo && LOOPBACK.has(url.hostname)) return undefined;
  return demo
    ? `${name} must be an https URL, or http on 127.0.0.1 for the demo (got a ${url.protocol} URL to another host)`
    : `${name} must be an https URL (got a ${url.protocol} URL)`;
}

function read(bindings: Record<string, unknown>, name: string): string | undefined {
  const value = bindings[name];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** The channel's secrets from the bindings, or the problem naming the binding to fix. */
export function channelSecrets(channel: Channel, bindings: Record<string, unknown>): SecretsOutcome {
  const missing = (name: string) => ({ ok: false as const, problem: `the binding ${name} is not set` });
  switch (channel.kind) {
    case "slack": {
      const url = read(bindings, channel.urlVariable);
      if (!url) return missing(channel.urlVariable);
      const problem = urlProblem(url, channel.urlVariable, channel.demo);
      return problem ? { ok: false, problem } : { ok: true, secrets: { url } };
    }
    case "webhook": {
      const url = read(bindings, channel.urlVariable);
      if (!url) return missing(channel.urlVariable);
      const problem = urlProblem(url, channel.urlVariable, channel.demo);
      if (problem) return { ok: false, problem };
      const secret = read(bindings, channel.secretVariable);
      if (!secret) return missing(channel.secretVariable);
      if (!/^whsec_[A-Za-z0-9+/]{16,}={0,2}$/.test(secret))
        return {
          ok: false,
          problem: `${channel.secretVariable} must be a Standard Webhooks secret ("whsec_" and base64)`,
        };
      return { ok: true, secrets: { url, secret } };
    }
    case "pagerduty": {
      const routingKey = read(bindings, channel.routingKeyVariable);
      if (!routingKey) return missing(channel.routingKeyVariable);
      if (!/^[A-Za-z0-9]{20,64}$/.test(routingKey))
        return {
          ok: false,
          problem: `${channel.routingKeyVariable} must be a 32-character Events API v2 integration key`,
        };
      const problem = urlProblem(channel.apiBase, "apiBase", channel.demo);
      return problem ? { ok: false, problem } : { ok: true, secrets: { url: channel.apiBase, routingKey } };
    }
  }
}

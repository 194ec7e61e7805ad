/**
 * @module
 * DNS over HTTPS answers (the JSON API: `Status`, `Answer[{ name, type, TTL, data }]`) compared with
 * the records the config expects, and a Pages custom domain's status in words.
 */
import type { CustomDomainState, RecordCheck } from "./schemas.ts";

/** RR type numbers (RFC 1035, RFC 3596) of the record types the config may expect. */
export const RR_TYPES = { A: 1, CNAME: 5, TXT: 16, AAAA: 28 } as const;
export type RecordType = keyof typeof RR_TYPES;

/** DNS RCODEs a resolver puts in `Status`. */
const RCODES: Record<number, string> = {
  0: "NOERROR",
  1: "FORMERR",
  2: "SERVFAIL",
  3: "NXDOMAIN",
  4: "NOTIMP",
  5: "REFUSED",
};

export interface DohAnswer {
  Status: number;
  Answer?: { name: string; type: number; TTL?: number; data: string }[] | null | undefined;
}

/** Lower case, no trailing dot, TXT without its quotes: how two records are compared. */
export function normalizeRecord(type: RecordType, value: string): string {
  const trimmed = value.trim();
  if (type === "TXT") return trimmed.replace(/^"(.*)"$/s, "$1").replaceAll('" "', "");
  return trimmed.toLowerCase().replace(/\.$/, "");
}

export function rcodeName(status: number): string {
  return RCODES[status] ?? `RCODE ${status}`;
}

/** One expected record against the resolver's answer for that name and type. */
export function compareRecord(
  domain: string,
  expected: { type: RecordType; value: string },
  answer: DohAnswer,
): RecordCheck {
  const want = normalizeRecord(expected.type, expected.value);
  const base = { type: expected.type, expected: want };
  if (answer.Status === 3)
    return {
      ...base,
      outcome: "nxdomain",
      actual: [],
      detail: `${domain} does not exist in DNS (NXDOMAIN): add a ${expected.type} record ${domain} → ${want} at the domain's DNS provider.`,
    };
  if (answer.Status !== 0)
    return {
      ...base,
      outcome: "resolver-error",
      actual: [],
      detail: `The resolver answered ${rcodeName(answer.Status)} for ${domain} ${expected.type}: the domain's name servers are failing or refusing; check the zone at its DNS provider.`,
    };
  const actual = (answer.Answer ?? [])
    .filter((r) => r.type === RR_TYPES[expected.type])
    .map((r) => normalizeRecord(expected.type, r.data));
  if (actual.includes(want))
    return { ...base, outcome: "match", actual, detail: `${domain} ${expected.type} → ${want}, as expected.` };
  if (actual.length === 0) {
    const other = (answer.Answer ?? []).map((r) => `${typeName(r.type)} ${normalizeRecord("CNAME", r.data)}`);
    return {
      ...base,
      outcome: "no-record",
      actual: other,
      detail: `${domain} has no ${expected.type} record${other.length ? ` (it answers ${other.join(", ")})` : ""}: set ${expected.type} ${domain} → ${want}.${expected.type === "CNAME" ? " A proxied record in Cloudflare DNS is flattened to A/AAAA answers; then check the record in the Cloudflare dashboard." : ""}`,
    };
  }
  return {
    ...base,
    outcome: "wrong",
    actual,
    detail: `${domain} ${expected.type} points at ${actual.join(", ")}, not ${want}: change the record at the domain's DNS provider (changes can take up to the record's TTL, at most 24 hours, to reach every resolver).`,
  };
}

function typeName(type: number): string {
  return Object.entries(RR_TYPES).find(([, n]) => n === type)?.[0] ?? `TYPE${type}`;
}

/** A Pages custom domain from the API (`status`, `validation_data`, `verification_data`) in words. */
export function describeCustomDomain(entry: {
  name: string;
  status: string;
  validation_data?:
    | {
        status?: string | undefined;
        method?: string | undefined;
        error_message?: string | undefined;
        txt_name?: string | undefined;
        txt_value?: string | undefined;
      }
    | null
    | undefined;
  verification_data?: { status?: string | undefined; error_message?: string | undefined } | null | undefined;
}): CustomDomainState {
  const v = entry.validation_data;
  const ver = entry.verification_data;
  const validation = v && {
    ...(v.status && { status: v.status }),
    ...(v.method && { method: v.method }),
    ...(v.error_message && { message: v.error_message }),
    ...(v.txt_name && { txtName: v.txt_name }),
    ...(v.txt_value && { txtValue: v.txt_value }),
  };
  const verification = ver && {
    ...(ver.status && { status: ver.status }),
    ...(ver.error_message && { message: ver.error_message }),
  };
  const messages = [ver?.error_message, v?.error_message].filter(Boolean).join(" ");
  let detail: string;
  if (entry.status === "active") detail = "Active: Pages serves it with a certificate it issued and renews.";
  else if (entry.status === "pending" || entry.status === "initializing") {
    const txt = v?.txt_name && v.txt_value ? ` Add TXT ${v.txt_name} = ${v.txt_value} to prove control.` : "";
    detail = `${entry.status === "pending" ? "Pending" : "Initializing"}: Pages is waiting to verify the domain and issue its certificate.${txt}${messages ? ` Cloudflare says: ${messages}` : " It stays pending until DNS points at the project."}`;
  } else
    detail = `${entry.status[0]?.toUpperCase()}${entry.status.slice(1)}${messages ? `: ${messages}` : ": see the project's Custom domains page."}`;
  return {
    name: entry.name,
    status: entry.status,
    detail,
    ...(validation && Object.keys(validation).length > 0 && { validation }),
    ...(verification && Object.keys(verification).length > 0 && { verification }),
  };
}

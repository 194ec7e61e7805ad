import { describe, expect, it } from "vitest";
import { telHref } from "../../src/components/emergency-contacts/emergency-contacts.ts";
import { defaultVendors } from "../../src/core/config/contacts.ts";
import { loadConfig } from "../../src/core/config/index.ts";

function config(contacts?: unknown) {
  return {
    environments: { production: { label: "Production", targets: { app: "https://app.example.com" } } },
    ...(contacts !== undefined && { contacts }),
  };
}

describe("contacts in the runbook config", () => {
  it("defaults to the source runbook's support desks and no on-call contact", () => {
    const { contacts } = loadConfig(config()).config;
    expect(contacts.onCall).toBeUndefined();
    expect(contacts.vendors).toEqual(defaultVendors);
    expect(contacts.vendors.map((v) => v.email ?? v.url)).toEqual([
      "support@convex.dev",
      "https://dash.cloudflare.com/support",
      "support@dodopayments.com",
    ]);
  });

  it("takes an on-call rota with any one way to reach it", () => {
    const onCall = {
      name: "Dashtray primary",
      slack: "#dashtray-oncall",
      pagingUrl: "https://dashtray.pagerduty.com/schedules/P123",
    };
    expect(loadConfig(config({ onCall })).config.contacts.onCall).toEqual(onCall);
  });

  it("names the field and the problem when a contact is wrong", () => {
    expect(() =>
      loadConfig(
        config({
          onCall: { name: "Primary", phone: "call me", slack: "dashtray-oncall" },
          vendors: [{ label: "Convex Support", email: "support at convex" }, { label: "Nobody" }],
        }),
      ),
    ).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: [runbook config] runbook.config.json is invalid:
        - contacts.onCall.phone: expected a phone number such as "+44 20 7946 0000"
        - contacts.onCall.slack: expected a Slack channel or handle such as "#dashtray-oncall"
        - contacts.vendors[0].email: expected an email address
        - contacts.vendors[1]: give at least one of \`email\`, \`url\` or \`phone\`]
    `);
    expect(() => loadConfig(config({ onCall: { name: "Primary" } }))).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: [runbook config] runbook.config.json is invalid:
        - contacts.onCall: give at least one way to reach on-call: \`phone\`, \`slack\` or \`pagingUrl\`]
    `);
  });
});

describe("phone links", () => {
  it("keep digits and a leading plus", () => {
    expect(telHref("+44 (0)20 7946-0000")).toBe("tel:+4402079460000");
    expect(telHref("020 7946 0000")).toBe("tel:02079460000");
    expect(telHref("1+2")).toBe("tel:12");
  });
});

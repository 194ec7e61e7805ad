import { callApi } from "../shared/api.ts";
import { h } from "../shared/dom.ts";
import { currentEnvironment, onEnvironmentChange } from "../shared/environment.ts";
import { showStatus } from "../shared/status.ts";
import { type PlannedEntry, plannedList, plannedOne } from "./shapes.ts";

function item(plan: PlannedEntry): HTMLElement {
  const when = new Date(plan.plannedFor).toLocaleString();
  const told = plan.startAnnouncedAt ? "announced, started" : plan.announcedAt ? "announced" : "not announced yet";
  return h(
    "li",
    { "data-plan": String(plan.id) },
    h("time", { datetime: plan.plannedFor }, when),
    ` · ${plan.what} · by ${plan.plannedBy} · window: ${plan.window} · ${told}`,
  );
}

/** Mounts `<runbook-planned-deployments>`: the form and the list of what is coming for the picked environment. */
export function mountPlanned(element: HTMLElement): void {
  const form = element.querySelector<HTMLFormElement>("[data-plan]");
  const list = element.querySelector<HTMLElement>("[data-planned]");
  const status = element.querySelector<HTMLElement>("[data-status]");
  if (!form || !list || !status) return;
  form.hidden = false;
  const env = () => currentEnvironment() ?? "demo";
  const load = async () => {
    const outcome = await callApi(`/api/deployments/planned?env=${encodeURIComponent(env())}`, plannedList);
    if (!outcome.ok) return showStatus(element, status, "error", outcome.message);
    showStatus(element, status, "idle", `${outcome.data.planned.length} planned for ${outcome.data.environment}`);
    list.replaceChildren(...outcome.data.planned.map(item));
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const when = new Date(String(data.get("when") ?? ""));
    if (Number.isNaN(when.getTime())) return showStatus(element, status, "error", "Pick a date and time.");
    showStatus(element, status, "running", "Planning…");
    const outcome = await callApi(`/api/deployments/planned?env=${encodeURIComponent(env())}`, plannedOne, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        plannedFor: when.toISOString(),
        what: String(data.get("what") ?? ""),
        outsideWindow: data.get("outside") === "on",
      }),
    });
    if (!outcome.ok) return showStatus(element, status, "fail", outcome.message);
    form.reset();
    await load();
    showStatus(element, status, "pass", `Planned: ${outcome.data.plan.what} (window: ${outcome.data.plan.window})`);
  });
  onEnvironmentChange(() => void load());
  void load();
}

/** The bindings the Function reads. Secrets arrive here and nowhere else (`.dev.vars` locally). */
export interface Env {
  /** Origin of the local demo Dashtray. When unset, the demo environment does not exist. */
  RUNBOOK_DEMO_ORIGIN?: string;
  /** Static assets of the site (Pages provides it); used to read the build's own version. */
  ASSETS?: { fetch(input: Request | string, init?: RequestInit): Promise<Response> };
  CLOUDFLARE_API_TOKEN?: string;
  GITHUB_TOKEN?: string;
}

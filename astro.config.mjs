// @ts-check
import mdx from "@astrojs/mdx";
import starlight from "@astrojs/starlight";
import { defineConfig } from "astro/config";
import { buildInfo } from "./src/integrations/build-info.ts";
import { contentSecurityPolicy } from "./src/integrations/csp.ts";
import { runbookConfig } from "./src/integrations/runbook-config.ts";

// The runbook lives in top-level `content/docs`; `srcDir: "."` lets Starlight's docsLoader find it
// with sidebar autogeneration, asides and last-updated dates working natively.
export default defineConfig({
  srcDir: ".",
  site: "https://runbook.dashtray.example.com",
  telemetry: false,
  // Every stylesheet, the widgets' own <style> included, is a file the page links: the CSP's style-src
  // allows 'self' and no inline <style> element (public/_headers, src/integrations/csp.ts).
  build: { inlineStylesheets: "never" },
  // A <meta> Content-Security-Policy on every page with hashes of its inline scripts and styles;
  // public/_headers adds frame-ancestors and the other security headers.
  security: { csp: contentSecurityPolicy() },
  // The widget kit's smallest modules, which nearly every widget imports (the element helper, the state
  // words, the lifecycle, times, tables, busy states), ship as one script rather than one each: apart they
  // were 7 requests of 100–500 bytes that compress far worse alone than together (the widget JS budget).
  vite: {
    environments: {
      client: {
        build: {
          rolldownOptions: {
            output: {
              codeSplitting: {
                groups: [
                  {
                    name: "kit",
                    test: /src[\\/]components[\\/]shared[\\/](dom|status|verdict|lifecycle|time|table|busy|check-result-event|links)\.ts$/,
                  },
                ],
              },
            },
          },
        },
      },
    },
  },
  integrations: [
    runbookConfig(),
    buildInfo(),
    starlight({
      title: "Dashtray Runbook",
      description: "Dashtray's production deployment runbook, with live checks.",
      lastUpdated: true,
      customCss: ["./src/styles/runbook.css"],
      // Long lines wrap instead of scrolling: Expressive Code makes a scrolling block a nameless
      // role="region", and several on one page share that empty name (axe landmark-unique on phones).
      // The "Copied!" tooltip: Expressive Code's default green (#3ea085 under white, 3.14:1) fails WCAG AA;
      // this green holds white text at 6.4:1 in both themes.
      expressiveCode: {
        defaultProps: { wrap: true },
        styleOverrides: { frames: { tooltipSuccessBackground: "#136c45", tooltipSuccessForeground: "#ffffff" } },
      },
      routeMiddleware: "./src/components/overrides/sidebar-labels.ts",
      components: {
        SocialIcons: "./src/components/overrides/SocialIcons.astro",
        SiteTitle: "./src/components/overrides/SiteTitle.astro",
        Search: "./src/components/overrides/Search.astro",
        MarkdownContent: "./src/components/overrides/MarkdownContent.astro",
      },
      sidebar: [
        { label: "Start here", items: [{ autogenerate: { directory: "start-here" } }] },
        { label: "Before you deploy", items: [{ autogenerate: { directory: "before" } }] },
        { label: "Deployment steps", items: [{ autogenerate: { directory: "deploy" } }] },
        { label: "After the deploy", items: [{ autogenerate: { directory: "after" } }] },
        { label: "Rollback", items: [{ autogenerate: { directory: "rollback" } }] },
        {
          label: "Incidents",
          items: [
            "incidents/emergency-contacts",
            { label: "Common issues", items: [{ autogenerate: { directory: "incidents/common-issues" } }] },
          ],
        },
        { label: "Reference", collapsed: true, items: [{ autogenerate: { directory: "reference" } }] },
      ],
    }),
    mdx(),
  ],
});

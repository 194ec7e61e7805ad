/// <reference types="astro/client" />

// tsc cannot read .astro files; this lets the widget barrel type-check, while `npm run check:astro`
// (the Astro language server on TypeScript 6, scripts/astro-check.ts) checks the components themselves.
declare module "*.astro" {
  const Component: (props: Record<string, unknown>) => unknown;
  export default Component;
}

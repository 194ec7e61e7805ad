/// <reference types="astro/client" />

// tsc cannot read .astro files (the Astro language server can, but it does not run beside TypeScript 7);
// this lets the widget barrel type-check while `astro build` checks the components themselves.
declare module "*.astro" {
  const Component: (props: Record<string, unknown>) => unknown;
  export default Component;
}

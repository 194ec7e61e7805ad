/**
 * @module
 * Where the demo Dashtray listens when nobody says otherwise: `npm start` and `npm run demo` put it
 * there, and `npm run verify -- --env demo` looks for it there.
 */

/** The demo's port unless `DEMO_PORT` names another. */
export const DEFAULT_DEMO_PORT = 8790;

/** The demo's origin on this machine for a port. */
export function localDemoOrigin(port: number): string {
  return `http://127.0.0.1:${port}`;
}

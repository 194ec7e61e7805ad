/** `npm run build`: the static site and `build-info.json` in `dist/`, without telemetry. */
import { buildSite } from "./lib/stack.ts";

await buildSite();

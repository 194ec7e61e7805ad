import { afterAll, beforeAll, beforeEach } from "vitest";
import { type DemoServer, startDemoServer } from "../../../src/demo/server.ts";

/** One demo Dashtray per test file, back to healthy defaults with zeroed counts before each test. */
export function useDemo(): { readonly server: DemoServer; readonly url: string } {
  let server: DemoServer | undefined;
  beforeAll(async () => {
    server = await startDemoServer({ port: 0 });
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    running().state.reset();
  });
  function running(): DemoServer {
    if (!server) throw new Error("demo server not started");
    return server;
  }
  return {
    get server() {
      return running();
    },
    get url() {
      return running().url;
    },
  };
}

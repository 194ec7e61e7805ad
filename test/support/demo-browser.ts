import { afterAll, afterEach, beforeAll } from "vitest";
import { openBrowser } from "./browser.ts";
import { resetDemo } from "./demo.ts";

export type OpenBrowser = Awaited<ReturnType<typeof openBrowser>>;

/**
 * One Chromium for a test file against the e2e stack: opened before the first test (handed to
 * `onOpen`), closed after the last, with the demo put back to healthy after each test.
 */
export function useDemoBrowser(onOpen: (browser: OpenBrowser) => void | Promise<void>): void {
  let browser: OpenBrowser | undefined;
  beforeAll(async () => {
    browser = await openBrowser();
    await onOpen(browser);
  });
  afterAll(() => browser?.close());
  afterEach(() => resetDemo());
}

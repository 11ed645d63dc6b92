// A merchant's browser for the browser tests: Debian's chromium driven by playwright-core (never
// a downloaded browser), a throwaway profile, and nothing outside this machine.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { MERCHANT_BROWSER_USER_AGENT } from "../demo/user-agent";

export const CHROMIUM = "/usr/bin/chromium";

export interface MerchantBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchMerchantBrowser(options: { viewport?: { width: number; height: number } } = {}): Promise<MerchantBrowser> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), "byok-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
      // Shopify's CDN (fonts, App Bridge) fails at once instead of timing out.
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ],
    // Headless Chromium says "HeadlessChrome", which the Shopify library turns away as a bot.
    userAgent: MERCHANT_BROWSER_USER_AGENT,
    viewport: options.viewport ?? { width: 1280, height: 800 },
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

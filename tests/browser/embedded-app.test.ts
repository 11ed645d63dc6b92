// The embedded app as a merchant opens it: Chromium loads the local admin, the admin loads the
// app in an iframe with a session token, the real `authenticate.admin` validates it and the
// home page renders with Polaris and the shop's data from the Shopify simulator.
import { launchMerchantBrowser, type MerchantBrowser } from "../support/browser";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type BrowserContext } from "playwright-core";
import { signSessionToken } from "../demo/admin-frame/session-token";
import { startDemoEnvironment, type DemoEnvironment } from "../demo/environment";
import { REPO_ROOT } from "../support/app-server";
import { MERCHANT_BROWSER_USER_AGENT } from "../demo/user-agent";

const SHOP = "byok-browser-test.myshopify.com";
const PRODUCTS = 4;
const HEADING = "Enrich your catalog with your own AI keys";
const SCREENSHOT = path.join(REPO_ROOT, "tmp/screenshots/embedded-home.png");

let env: DemoEnvironment;
let browser: BrowserContext;
let merchantBrowser: MerchantBrowser | undefined;

beforeAll(async () => {
  env = await startDemoEnvironment({
    shop: SHOP,
    productCount: PRODUCTS,
    seed: 7,
    // The test database the global setup created and migrated (SQLite file or PostgreSQL).
    databaseUrl: process.env.DATABASE_URL,
    migrate: false,
  });
  merchantBrowser = await launchMerchantBrowser({ viewport: { width: 1280, height: 800 } });
  browser = merchantBrowser.context;
});

afterAll(async () => {
  await merchantBrowser?.close();
  await env?.close();
});

test("the admin frame shows the embedded app's Polaris home page with the shop's catalog", async () => {
  const page = await browser.newPage();
  await page.goto(env.adminUrl);

  const app = page.frameLocator("#app-frame");
  const heading = app.getByRole("heading", { name: HEADING });
  await heading.waitFor({ state: "visible", timeout: 20_000 });
  // Data only an authenticated loader can have: the simulated shop's product count.
  await app.getByText(`(${SHOP}): ${PRODUCTS} products`).waitFor({ timeout: 5_000 });
  // Polaris' stylesheet applies: the card is a Polaris component with its own styles.
  const card = app.locator(".Polaris-ShadowBevel").first();
  expect(await card.evaluate((el) => getComputedStyle(el).borderRadius)).not.toBe("0px");
  expect(await heading.evaluate((el) => el.className)).toContain("Polaris-Text--headingMd");
  // The app's <ui-title-bar> reached the admin through the App Bridge stand-in.
  await page.locator('#title-bar[data-source="app"]').waitFor({ timeout: 5_000 });
  expect(await page.locator("#title-bar").textContent()).toBe("BYOK Enrich");

  // A click in the admin's nav navigates the app client-side; its data request carries a fresh
  // session token in the Authorization header, which the app accepts.
  const dataRequest = page.waitForResponse((response) => response.url().includes("_data=routes%2Fapp._index"));
  await page.getByRole("link", { name: "BYOK Enrich" }).click();
  const response = await dataRequest;
  expect(response.status()).toBe(200);
  expect(await response.request().headerValue("authorization")).toMatch(/^Bearer ey/);
  expect((await response.json()).overview.productCount).toBe(PRODUCTS);

  mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT });
  await page.close();
});

test("a page load without a session token bounces through App Bridge and comes back with one", async () => {
  const page = await browser.newPage();
  await page.goto(env.adminUrl);
  const app = page.frameLocator("#app-frame");
  await app.getByRole("heading", { name: HEADING }).waitFor({ timeout: 20_000 });

  // As after the one-minute token expired and the app reloaded: no id_token in the URL.
  const bounce = page.waitForResponse((response) => new URL(response.url()).pathname === "/auth/session-token");
  const frame = page.frame({ name: "app-iframe" })!;
  await frame.goto(`${env.appUrl}/app?${new URLSearchParams({ embedded: "1", shop: SHOP, host: env.host })}`);
  expect((await bounce).status()).toBe(200);
  await app.getByText(`(${SHOP}): ${PRODUCTS} products`).waitFor({ timeout: 10_000 });
  expect(new URL(frame.url()).searchParams.get("id_token")).toMatch(/^ey/);
  await page.close();
});

test("a session token signed with another secret does not open the app", async () => {
  const forged = await signSessionToken({ shop: SHOP, apiKey: env.apiKey, apiSecret: "not-the-app-secret" });
  const query = new URLSearchParams({ embedded: "1", shop: SHOP, host: env.host, id_token: forged });

  const page = await browser.newPage();
  await page.goto(`${env.appUrl}/app?${query}`);
  // The library sends the page to its bounce page to fetch a valid token from App Bridge;
  // outside the admin there is none, so the app's page never renders.
  expect(new URL(page.url()).pathname).toBe("/auth/session-token");
  expect(await page.getByText(HEADING).count()).toBe(0);
  await page.close();

  // A data request with the forged token is refused, with the header App Bridge retries on.
  const response = await fetch(`${env.appUrl}/app?_data=${encodeURIComponent("routes/app._index")}`, {
    headers: { authorization: `Bearer ${forged}`, "user-agent": MERCHANT_BROWSER_USER_AGENT },
  });
  expect(response.status).toBe(401);
  expect(response.headers.get("x-shopify-retry-invalid-session-request")).toBe("1");
});

// A merchant's first visit to the provider pages, in Chromium inside the local admin frame with
// the real embedded auth: add a provider key (OpenAI, pointed at the OpenAI simulator by its base
// URL — the demo app runs with the self-hosting setting that allows local endpoints), test it
// (a failing key first: error toast and banner; then the working one: success toast), delete
// the failing one through the confirmation modal, assign the key, and read the Usage page.
import { launchMerchantBrowser, type MerchantBrowser } from "../support/browser";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { type BrowserContext, type FrameLocator, type Page } from "playwright-core";
import { startDemoEnvironment, type DemoEnvironment } from "../demo/environment";
import { REPO_ROOT } from "../support/app-server";
import prisma from "../../app/db.server";
import { recordUsageEvent } from "../../app/ledger/ledger.server";

const SHOP = "byok-providers-browser.myshopify.com";
const SCREENSHOTS = path.join(REPO_ROOT, "tmp/screenshots");

let env: DemoEnvironment;
let browser: BrowserContext;
let merchantBrowser: MerchantBrowser | undefined;
let page: Page;
let app: FrameLocator;

/** A port nothing listens on (a provider that cannot be reached). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The whole admin with the app's full height (the app scrolls inside its frame otherwise). */
async function screenshot(name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const viewport = page.viewportSize()!;
  const appHeight = await app.locator("html").evaluate((html) => html.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, appHeight + 80) });
  await page.screenshot({ path: path.join(SCREENSHOTS, name) });
  await page.setViewportSize(viewport);
}

/** The admin's toast with this text (App Bridge toasts are drawn by the admin, outside the app). */
const toast = (text: string | RegExp) => page.locator("#toasts .toast", { hasText: text });

async function openFromNav(label: string, heading: string) {
  await page.locator("#app-nav a", { hasText: label }).click();
  try {
    await page.locator('#title-bar[data-source="app"]', { hasText: label }).waitFor({ timeout: 10_000 });
    await app.getByText(heading).first().waitFor({ timeout: 10_000 });
  } catch (error) {
    await screenshot(`failed-${label.toLowerCase()}.png`);
    throw new Error(`${label} did not open: ${error instanceof Error ? error.message : error}\n${env.appOutput().slice(-3000)}`);
  }
}

async function addKey(fields: { provider: string; name: string; key: string; baseUrl: string }) {
  await app.getByLabel("Provider", { exact: true }).selectOption({ label: fields.provider });
  await app.getByLabel("Name", { exact: true }).fill(fields.name);
  await app.getByLabel("API key", { exact: true }).fill(fields.key);
  await app.getByLabel("Base URL", { exact: true }).fill(fields.baseUrl);
  await app.getByRole("button", { name: "Add key" }).click();
  await toast(`${fields.name} added`).waitFor({ timeout: 10_000 });
  await app.getByRole("row", { name: new RegExp(fields.name) }).waitFor({ timeout: 10_000 });
}

beforeAll(async () => {
  env = await startDemoEnvironment({
    shop: SHOP,
    productCount: 3,
    seed: 11,
    // The test database the global setup created and migrated (SQLite file or PostgreSQL).
    databaseUrl: process.env.DATABASE_URL,
    migrate: false,
    appEnv: { BYOK_ALLOW_PRIVATE_PROVIDER_URLS: "true" },
  });
  merchantBrowser = await launchMerchantBrowser({ viewport: { width: 1280, height: 900 } });
  browser = merchantBrowser.context;
  page = await browser.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(env.adminUrl);
  app = page.frameLocator("#app-frame");
  await page.locator("#app-nav a", { hasText: "Providers" }).waitFor({ timeout: 20_000 });
});

afterAll(async () => {
  await merchantBrowser?.close();
  await env?.close();
});

test("the Providers page starts with an empty state that says what to do", async () => {
  await openFromNav("Providers", "Add your first AI provider key");
  await app.getByRole("button", { name: "Add a provider key" }).waitFor();
  await screenshot("providers-empty.png");

  // The form asks only for what the chosen provider needs: Azure's endpoint and deployment.
  await app.getByLabel("Provider", { exact: true }).selectOption({ label: "Azure OpenAI" });
  for (const field of ["Name", "API key", "Resource endpoint", "Deployment name", "API version"]) {
    await app.getByLabel(field, { exact: true }).waitFor();
  }
  expect(await app.getByLabel("Name", { exact: true }).inputValue()).toBe("Azure OpenAI");
  expect(await app.getByLabel("API version", { exact: true }).inputValue()).toBe("2024-10-21");
  await screenshot("providers-add-azure.png");
  await app.getByRole("button", { name: "Cancel" }).click();
  await app.getByLabel("Resource endpoint", { exact: true }).waitFor({ state: "detached" });
});

test("a key whose provider cannot be reached fails its test with the reason, and is deleted after confirming", async () => {
  const port = await closedPort();
  await addKey({
    provider: "OpenAI",
    name: "OpenAI – old server",
    key: "sk-proj-unreachable-0000000000",
    baseUrl: `http://127.0.0.1:${port}/v1`,
  });

  await app.getByRole("button", { name: "Test OpenAI – old server" }).click();
  await toast(/refused/).waitFor({ timeout: 15_000 });
  expect(await toast(/refused/).getAttribute("class")).toContain("error");
  const banner = app.getByText("Connection test failed: OpenAI – old server");
  await banner.waitFor();
  await app
    .getByRole("row", { name: /OpenAI – old server/ })
    .getByText("Failed")
    .waitFor();
  await screenshot("providers-test-failed.png");

  await app.getByRole("button", { name: "More actions for OpenAI – old server" }).click();
  await app.getByRole("menuitem", { name: "Delete" }).click();
  const confirm = app.getByRole("button", { name: "Delete key" });
  await confirm.waitFor();
  await screenshot("providers-delete-modal.png");
  await confirm.click();
  await toast("Provider key deleted").waitFor({ timeout: 10_000 });
  await app.getByRole("row", { name: /OpenAI – old server/ }).waitFor({ state: "detached", timeout: 10_000 });
});

test("adds an OpenAI key pointed at the simulator and tests it: success toast, Connected badge, key never shown", async () => {
  const key = "sk-proj-BrowserTestKey-7f3a9c21e5d84b60";
  await addKey({ provider: "OpenAI", name: "OpenAI – simulator", key, baseUrl: `${env.providers.openai.url}/v1` });
  // The form forgot the key at once; the list shows only its last 4 characters.
  expect(await app.getByLabel("Provider", { exact: true }).inputValue()).toBe("");
  const row = app.getByRole("row", { name: /OpenAI – simulator/ });
  await row.getByText(`•••• ${key.slice(-4)}`).waitFor();

  await app.getByRole("button", { name: "Test OpenAI – simulator" }).click();
  await toast(/OpenAI connected: \d+ models available/).waitFor({ timeout: 15_000 });
  await row.getByText("Connected", { exact: true }).waitFor({ timeout: 10_000 });
  expect(await app.locator("body").innerHTML()).not.toContain(key);
  await screenshot("providers-connected.png");
});

test("assigns the key and a model from its provider's list to batch enrichment", async () => {
  await openFromNav("Assignments", "Batch enrichment");
  const card = app.getByRole("region", { name: "Batch enrichment" });
  // With one key, the work already has a default, shown as such.
  await card.getByText("Default", { exact: true }).waitFor();
  expect(await card.getByLabel("Provider key", { exact: true }).locator("option:checked").textContent()).toContain(
    "OpenAI – simulator",
  );
  // The model list comes from the provider (the simulator's models endpoint).
  const model = card.getByLabel("Model", { exact: true });
  await model.locator("option", { hasText: "gpt-4.1-mini" }).waitFor({ state: "attached" });
  await model.selectOption("gpt-4.1-mini");
  // Keep product photos away from this provider.
  await card.getByLabel("Images", { exact: true }).uncheck();
  await card.getByRole("button", { name: "Save batch enrichment" }).click();
  await toast("Batch enrichment: OpenAI – simulator · gpt-4.1-mini saved.").waitFor();
  await card.getByText("Chosen by you").waitFor();
  const saved = await prisma.assignment.findFirstOrThrow({ where: { shop: SHOP, context: "enrichment" } });
  expect(saved).toMatchObject({ model: "gpt-4.1-mini", fallbackProviderKeyId: null });
  expect(saved.dataScope).toEqual(["title", "descriptionHtml", "productType", "tags", "options", "variants", "seo"]);
  await screenshot("assignments.png");
});

test("the Usage page shows the date filter, totals, the chart's empty state, budgets and prices", async () => {
  await openFromNav("Usage", "Monthly budgets");
  await app.getByLabel("Date range").waitFor();
  await app.getByText("No usage in these days").waitFor();
  await app.getByRole("button", { name: "Export CSV" }).waitFor();
  await app.getByText("Your prices").first().waitFor();
  await screenshot("usage-empty.png");

  await app.getByLabel("Monthly cap").fill("25");
  await app.getByRole("button", { name: "Set budget" }).click();
  await toast("Budget saved").waitFor({ timeout: 10_000 });
  await app.getByText(/\$0\.00 of \$25\.00 spent this month/).waitFor({ timeout: 10_000 });
});

test("after provider calls, the Usage page charts spend by day and breaks it down by model and by kind of work", async () => {
  // Calls as the pipeline records them (the ledger is the app's own module, on the app's database).
  const keyId = (await prisma.providerKey.findFirstOrThrow({ where: { shop: SHOP, label: "OpenAI – simulator" } })).id;
  const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000);
  const calls = [
    { daysAgo: 6, context: "enrichment", input: 240_000, cached: 80_000, output: 60_000 },
    { daysAgo: 4, context: "enrichment", input: 520_000, cached: 300_000, output: 140_000 },
    { daysAgo: 2, context: "copilot", input: 90_000, cached: 0, output: 30_000 },
    { daysAgo: 1, context: "enrichment", input: 1_100_000, cached: 700_000, output: 310_000 },
  ];
  for (const c of calls) {
    await recordUsageEvent({
      shop: SHOP,
      provider: "openai",
      model: "gpt-4o-mini",
      context: c.context,
      providerKeyId: keyId,
      usage: {
        inputTokens: { total: c.input, noCache: c.input - c.cached, cacheRead: c.cached, cacheWrite: 0 },
        outputTokens: c.output,
        characters: 0,
      },
      latencyMs: 900,
      outcome: "ok",
      at: day(c.daysAgo),
    });
  }
  await app.getByLabel("Date range").selectOption({ label: "Last 7 days" });
  const chart = app.getByRole("img", { name: /Spend by day in USD/ });
  await chart.waitFor();
  expect(await chart.locator("rect").count()).toBe(7);
  try {
    await app
      .getByRole("table")
      .filter({ hasText: "By provider and model" })
      .or(app.locator(".Polaris-DataTable").first())
      .getByText("gpt-4o-mini")
      .waitFor();
    await app.locator(".Polaris-DataTable").getByText("Batch enrichment", { exact: true }).waitFor();
    await app.getByText(/of \$25\.00 spent this month/).waitFor();
  } finally {
    await screenshot("usage.png");
  }
});

// A merchant's enrichment, in Chromium inside the local admin frame with the real embedded auth,
// the built app and its in-process job runtime, the Shopify simulator and the OpenAI simulator:
// select products, see the estimate (with the budget check), run it, open a product's diff,
// approve, publish and find the new title in the store, then revert and find the original back.
import { launchMerchantBrowser, type MerchantBrowser } from "../support/browser";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type BrowserContext, type Frame, type FrameLocator, type Page } from "playwright-core";
import { startDemoEnvironment, type DemoEnvironment } from "../demo/environment";
import { REPO_ROOT } from "../support/app-server";
import prisma from "../../app/db.server";
import { setAssignment } from "../../app/assignments/assignments.server";
import type { ProposalDoc } from "../../app/jobs/job-types";
import { storeProviderKey } from "../../app/vault/provider-keys.server";

const SHOP = "byok-enrichment-browser.myshopify.com";
const SCREENSHOTS = path.join(REPO_ROOT, "tmp/screenshots");
// The app and this test share the database; the key stored here must be readable by the app.
const VAULT_SECRET = randomBytes(48).toString("base64");

let env: DemoEnvironment;
let browser: BrowserContext;
let merchantBrowser: MerchantBrowser | undefined;
let page: Page;
let app: FrameLocator;

/** The whole admin with the app's full height (the app scrolls inside its frame otherwise). */
async function screenshot(name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const viewport = page.viewportSize()!;
  const appHeight = await app.locator("html").evaluate((html) => html.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, Math.min(appHeight + 80, 6000)) });
  await page.screenshot({ path: path.join(SCREENSHOTS, name) });
  await page.setViewportSize(viewport);
}

/** The admin's toast with this text (App Bridge toasts are drawn by the admin, outside the app). */
const toast = (text: string | RegExp) => page.locator("#toasts .toast", { hasText: text });

function appFrame(): Frame {
  const frame = page.frame({ name: "app-iframe" });
  if (!frame) throw new Error("the app's frame is not there");
  return frame;
}

async function until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${env.appOutput().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  process.env.BYOK_VAULT_SECRET = VAULT_SECRET;
  process.env.BYOK_ALLOW_PRIVATE_PROVIDER_URLS = "true";
  env = await startDemoEnvironment({
    shop: SHOP,
    productCount: 4,
    seed: 21,
    databaseUrl: process.env.DATABASE_URL,
    migrate: false,
    vaultSecret: VAULT_SECRET,
    // One call at a time, so a slowed provider shows progress (and an ETA) product by product.
    appEnv: {
      BYOK_ALLOW_PRIVATE_PROVIDER_URLS: "true",
      JOB_POLL_INTERVAL_MS: "300",
      JOB_BULK_POLL_MS: "100",
      JOB_GENERATE_CONCURRENCY: "1",
    },
  });
  // The merchant's OpenAI key (pointed at the simulator) assigned to batch enrichment, as the
  // Providers and Assignments pages store them.
  const key = await storeProviderKey({
    shop: SHOP,
    provider: "openai",
    label: "OpenAI – simulator",
    apiKey: `sk-proj-${randomBytes(16).toString("hex")}`,
    baseUrl: `${env.providers.openai.url}/v1`,
  });
  await setAssignment({ shop: SHOP, context: "enrichment", providerKeyId: key.id, model: "gpt-4o-mini" });

  merchantBrowser = await launchMerchantBrowser({ viewport: { width: 1280, height: 900 } });
  browser = merchantBrowser.context;
  page = await browser.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(env.adminUrl);
  app = page.frameLocator("#app-frame");
  await page.locator("#app-nav a", { hasText: "Enrichment jobs" }).waitFor({ timeout: 20_000 });
});

afterAll(async () => {
  await merchantBrowser?.close();
  await env?.close();
});

test("select products, see the estimate, run, review a diff, approve and publish, then revert", async () => {
  const products = env.shopify.store.shop(SHOP).products();
  const chosen = products.slice(0, 2).map((p) => ({ id: p.id, title: p.title }));
  const originalTitles = new Map(chosen.map((p) => [p.id, p.title]));
  const stored = (id: string) => env.shopify.store.shop(SHOP).product(id)!;

  try {
    // The history starts empty and says what to do.
    await page.locator("#app-nav a", { hasText: "Enrichment jobs" }).click();
    await app.getByText("Enrich your first products").waitFor({ timeout: 20_000 });
    await screenshot("jobs-empty.png");
    await app.getByRole("link", { name: "New enrichment" }).click();
    await app.getByText("What to write").waitFor();

    // Shopify's product picker belongs to the admin; here the merchant's choice in it is its answer.
    await appFrame().evaluate((picked) => {
      (window as unknown as { shopify: Record<string, unknown> }).shopify.resourcePicker = async () =>
        picked.map((p) => ({ ...p, images: [], variants: [] }));
    }, chosen);
    await app.getByRole("button", { name: "Select products" }).click();
    for (const p of chosen) await app.getByText(p.title, { exact: true }).waitFor();
    await app.getByText("2 selected").waitFor();
    expect(await app.getByLabel("Title", { exact: true }).isChecked()).toBe(true);
    expect(await app.getByLabel("Attributes", { exact: true }).isChecked()).toBe(true);
    await screenshot("job-new.png");

    // The estimate, before anything is spent: products, cost, the budget check.
    await app.getByRole("button", { name: "Estimate cost" }).click();
    await app.getByRole("heading", { name: "Estimated cost" }).waitFor({ timeout: 30_000 });
    await app.getByText("Within your budget").waitFor();
    const jobId = await until(
      async () => (await prisma.enrichmentJob.findFirst({ where: { shop: SHOP }, orderBy: { createdAt: "desc" } }))?.id,
      "the job"
    );
    const estimated = await prisma.enrichmentJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(estimated.status).toBe("awaiting_start");
    expect(estimated.itemCount).toBe(2);
    expect(await prisma.usageEvent.count({ where: { jobId } })).toBe(0);
    await screenshot("job-estimate.png");

    // Run it: the results wait for review. The provider's first answer carries hostile markup
    // and an injected instruction: the checks clean it and flag it for the merchant.
    env.providers.openai.simulator!.inject({ kind: "hostile-html" });
    await app.getByRole("button", { name: "Start enrichment" }).click();
    await toast("Enrichment started").waitFor();
    await until(
      async () => (await prisma.enrichmentJob.findUniqueOrThrow({ where: { id: jobId } })).status === "awaiting_review",
      "review"
    );
    const items = await prisma.jobItem.findMany({ where: { jobId } });
    const hostile = (i: (typeof items)[number]) =>
      (i.proposal as unknown as ProposalDoc).fields.some((f) => f.flags.some((flag) => flag.code === "hostile_content_removed"));
    const flaggedItem = items.find(hostile)!;
    const cleanItem = items.find((i) => !hostile(i))!;
    expect(flaggedItem).toBeDefined();
    expect(cleanItem).toBeDefined();
    const target = chosen.find((p) => p.id === cleanItem.productId)!;
    const other = chosen.find((p) => p.id === flaggedItem.productId)!;
    await app.getByRole("button", { name: `Show changes for ${target.title}` }).waitFor({ timeout: 20_000 });
    await app
      .getByText(/flagged/)
      .first()
      .waitFor({ timeout: 10_000 });
    await screenshot("job-review.png");

    // The flagged product: what was removed is said, as a Badge and a Banner.
    await app.getByRole("button", { name: `Show changes for ${other.title}` }).click();
    await app.getByText("Hostile content removed").first().waitFor();
    await screenshot("job-diff-flagged.png");
    await app.getByRole("button", { name: `Hide changes for ${other.title}` }).click();

    // Open the clean product's diff: the current values beside the proposal, the description rendered and as HTML.
    await app.getByRole("button", { name: `Show changes for ${target.title}` }).click();
    const proposal = cleanItem.proposal as unknown as ProposalDoc;
    const newTitle = proposal.fields.find((f) => f.field === "title")!.proposed as string;
    expect(newTitle).not.toBe(target.title);
    await app.getByText(newTitle, { exact: true }).first().waitFor();
    await app.getByText("Current").first().waitFor();
    await screenshot("job-diff.png");
    await app.getByRole("button", { name: "HTML" }).first().click();
    await app.locator("pre.byok-html-source").first().waitFor();
    await screenshot("job-diff-html.png");

    // Approve the title, then the rest of this product; reject the other product; publish.
    await app.getByRole("button", { name: `Approve Title for ${target.title}` }).click();
    await toast("Approved.").waitFor();
    await app.getByRole("button", { name: `Approve all changes for ${target.title}` }).click();
    await toast("All changes approved.").waitFor();
    // The flagged product is turned down (whatever of it was still open).
    if ((await prisma.jobItem.findUniqueOrThrow({ where: { id: flaggedItem.id } })).status !== "rejected") {
      await app.getByRole("button", { name: `Reject all changes for ${other.title}` }).click();
      await toast("All changes rejected.").waitFor();
    }
    await app.getByRole("button", { name: "Publish approved (1)" }).click();
    await toast(/Publishing the approved results/).waitFor();

    // In the store: the new title on the approved product, the other untouched.
    await until(() => stored(target.id).title === newTitle, "the new title in the store");
    expect(stored(other.id).title).toBe(originalTitles.get(other.id));
    await app.getByRole("button", { name: `Revert ${target.title}` }).waitFor({ timeout: 20_000 });
    await screenshot("job-published.png");

    // Revert the product, after confirming: the original is back.
    await app.getByRole("button", { name: `Revert ${target.title}` }).click();
    const confirm = app.getByRole("button", { name: "Revert product" });
    await confirm.waitFor();
    await screenshot("job-revert-modal.png");
    await confirm.click();
    await toast(/Product reverted/).waitFor({ timeout: 20_000 });
    expect(stored(target.id).title).toBe(target.title);
    await app.getByText("1 reverted").waitFor({ timeout: 10_000 });
    await screenshot("job-reverted.png");

    // The history lists the job.
    await page.locator("#app-nav a", { hasText: "Enrichment jobs" }).click();
    await app.getByRole("link", { name: "2 selected products" }).waitFor();
    await screenshot("jobs-history.png");
  } catch (error) {
    await screenshot("enrichment-failed.png").catch(() => {});
    throw error;
  }
}, 180_000);

test("the Settings page shows the instructions jobs follow and refuses a bad attribute key at its field", async () => {
  await page.locator("#app-nav a", { hasText: "Settings" }).click();
  await app.getByRole("heading", { name: "Brand voice" }).waitFor({ timeout: 20_000 });
  for (const label of ["Material", "Color", "Care instructions", "Style", "Audience"]) {
    expect(
      await app
        .getByRole("textbox", { name: "Name" })
        .evaluateAll((inputs, l) => inputs.some((i) => (i as HTMLInputElement).value === l), label)
    ).toBe(true);
  }
  await app.getByRole("button", { name: "Add attribute" }).click();
  await app.getByRole("textbox", { name: "Name" }).last().fill("Fit");
  expect(await app.getByRole("textbox", { name: "Metafield key" }).last().inputValue()).toBe("fit");
  await app.getByRole("textbox", { name: "Metafield key" }).last().fill("Fit Type");
  await app.getByRole("button", { name: "Save", exact: true }).click();
  await app.getByText(/snake_case/).waitFor();
  // The refusal keeps what was typed: the new attribute is still there.
  expect(await app.getByRole("textbox", { name: "Name" }).last().inputValue()).toBe("Fit");
  await screenshot("settings.png");
});

test("a catalog job shows its progress with an ETA, pauses and resumes", async () => {
  const sim = env.providers.openai.simulator!;
  // From the app's home page (the title bar's "New enrichment" button is drawn by the real admin).
  await page.locator("#app-home").click();
  await app.getByRole("link", { name: "Enrich products" }).first().click();
  await app.getByText("What to write").waitFor();
  await app.getByText("All products in the catalog").click();
  await app.getByRole("button", { name: "Estimate cost" }).click();
  await app.getByRole("heading", { name: "Estimated cost" }).waitFor({ timeout: 30_000 });
  await app.getByText("Whole catalog (4 products)").waitFor();

  sim.setLimits({ latencyMs: 1500 });
  try {
    await app.getByRole("button", { name: "Start enrichment" }).click();
    await app.getByText(/^1 of 4 products generated/).waitFor({ timeout: 30_000 });
    await app.getByText(/left$/).waitFor({ timeout: 10_000 });
    await screenshot("job-running.png");

    await app.getByRole("button", { name: "Pause" }).click();
    await toast("Job paused").waitFor();
    await app.getByText("You paused this job.").waitFor({ timeout: 10_000 });
    const paused = await prisma.enrichmentJob.findFirstOrThrow({ where: { shop: SHOP, scopeKind: "all" }, orderBy: { createdAt: "desc" } });
    expect(paused.status).toBe("paused");
    await screenshot("job-paused.png");

    sim.setLimits({ latencyMs: 0 });
    await app.getByRole("button", { name: "Resume" }).click();
    await toast("Job resumed").waitFor();
    await app.getByText(/4 products wait for your decision/).waitFor({ timeout: 30_000 });
  } finally {
    sim.setLimits({ latencyMs: 0 });
  }
});

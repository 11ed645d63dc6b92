// The admin action extensions' own code, in Chromium, the way the admin runs it: the extension
// module is bundled (esbuild, Preact JSX — what `shopify app build` does, kept in memory here so
// no other test's build output is touched), `shopify.extend(target, …)` is called by a stand-in
// for the admin with `shopify.data.selected`, and every `fetch('/api/…')` the extension makes goes
// to the app's real routes with the admin's ID token added, as the admin adds it. The job runs in
// this process's job runtime against the Shopify and OpenAI simulators.
//
// Polaris web components (`s-*`) are the admin's; here they are plain elements, so the test reads
// their text and attributes and clicks them, which is what a merchant's clicks reach.
import { launchMerchantBrowser, type MerchantBrowser } from "../support/browser";
import { API_KEY, API_SECRET } from "./routes-session";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { build } from "esbuild";
import { type BrowserContext, type Page, type Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { loader as optionsLoader } from "../../app/routes/api.enrichment.options";
import { action as createAction, loader as createLoader } from "../../app/routes/api.enrichment.jobs._index";
import { action as jobAction, loader as jobLoader } from "../../app/routes/api.enrichment.jobs.$id";
import { signSessionToken } from "../demo/admin-frame/session-token";
import { routeShopifyFetch } from "../simulators/shopify/route-fetch";
import { startShopifySimulator, type ShopifySimulator } from "../simulators/shopify/server";
import { allowLocalProviders, assignEnrichment, installApp, newShop, startProvider, waitFor, type ProviderSetup } from "./pipeline-harness";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const APP_ORIGIN = "https://byok-app.test";

const EXTENSIONS = {
  selection: { handle: "enrich-selection", target: "admin.product-index.selection-action.render" },
  product: { handle: "enrich-product", target: "admin.product-details.action.render" },
} as const;

let shopify: ShopifySimulator;
let browser: BrowserContext;
let merchantBrowser: MerchantBrowser | undefined;
const bundles = new Map<string, string>();
const providers: ProviderSetup[] = [];

/** The extension's module as the CLI registers it: its default export is the target's render function. */
async function bundle(handle: string, target: string): Promise<string> {
  const dir = path.join(ROOT, "extensions", handle);
  const result = await build({
    stdin: {
      contents: `import render from "./src/ActionExtension.tsx";\nshopify.extend(${JSON.stringify(target)}, (...args) => render(...args));`,
      resolveDir: dir,
      loader: "tsx",
    },
    tsconfig: path.join(dir, "tsconfig.json"),
    bundle: true,
    write: false,
    format: "iife",
    target: "es2020",
    jsx: "automatic",
    jsxImportSource: "preact",
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

beforeAll(async () => {
  allowLocalProviders();
  process.env.JOB_POLL_INTERVAL_MS = "200";
  shopify = await startShopifySimulator({ apiKey: API_KEY, apiSecret: API_SECRET, bulkOperationDelayMs: 20 });
  setAbstractFetchFunc(routeShopifyFetch(shopify.url));
  for (const { handle, target } of Object.values(EXTENSIONS)) bundles.set(handle, await bundle(handle, target));
  merchantBrowser = await launchMerchantBrowser();
  browser = merchantBrowser.context;
});

afterAll(async () => {
  await merchantBrowser?.close();
  await Promise.all(providers.map((p) => p.sim.close()));
  await shopify?.close();
});

async function readyShop(prefix: string) {
  const shop = newShop(prefix);
  shopify.store.seedGenerated(shop, 4, { seed: 5, poorContentShare: 0 });
  await installApp(shopify, shop);
  const openai = await startProvider(shop, { kind: "openai" });
  providers.push(openai);
  await assignEnrichment(shop, openai, "gpt-4o-mini");
  return { shop, productIds: shopify.store.shop(shop).products().map((p) => p.id) };
}

type RouteFunction = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>;

/** The app's endpoints by path and method, as Remix would dispatch them. */
function routeFor(pathname: string, method: string): { fn: RouteFunction; params: Record<string, string> } | null {
  if (pathname === "/api/enrichment/options" && method === "GET") return { fn: optionsLoader as RouteFunction, params: {} };
  if (pathname === "/api/enrichment/jobs") return { fn: (method === "POST" ? createAction : createLoader) as RouteFunction, params: {} };
  const job = /^\/api\/enrichment\/jobs\/([^/]+)$/.exec(pathname);
  if (job) return { fn: (method === "POST" ? jobAction : jobLoader) as RouteFunction, params: { id: decodeURIComponent(job[1]!) } };
  return null;
}

/** The admin's side of `fetch('/api/…')`: the ID token of the shop is added, the app answers. */
async function forwardToApp(shop: string, route: Route) {
  const incoming = route.request();
  const url = new URL(incoming.url());
  const target = routeFor(url.pathname, incoming.method());
  if (!target) return route.fulfill({ status: 404, body: "not found" });
  const headers = new Headers(await incoming.allHeaders());
  headers.set("authorization", `Bearer ${await signSessionToken({ shop, apiKey: API_KEY, apiSecret: API_SECRET })}`);
  headers.set("origin", "https://extensions.shopifycdn.com");
  const body = incoming.method() === "POST" ? (incoming.postData() ?? undefined) : undefined;
  let response: Response;
  try {
    response = (await target.fn({ request: new Request(url, { method: incoming.method(), headers, body }), params: target.params, context: {} })) as Response;
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    response = thrown;
  }
  await route.fulfill({ status: response.status, headers: Object.fromEntries(response.headers), body: Buffer.from(await response.arrayBuffer()) });
}

/** A page standing in for the admin: the `shopify` API of the target, then the extension's bundle. */
async function openAction(shop: string, handle: string, selected: string[]): Promise<Page> {
  const locale = readFileSync(path.join(ROOT, "extensions", handle, "locales/en.default.json"), "utf8");
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  pageProblems.set(page, problems);
  await page.route(`${APP_ORIGIN}/api/**`, (route) => forwardToApp(shop, route));
  await page.route(`${APP_ORIGIN}/bundle.js`, (route) => route.fulfill({ contentType: "text/javascript", body: bundles.get(handle)! }));
  await page.route(`${APP_ORIGIN}/`, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><html><head><script>
        const strings = ${locale};
        const lookup = (key) => key.split(".").reduce((node, part) => (node == null ? undefined : node[part]), strings);
        window.actionClosed = false;
        window.shopify = {
          data: { selected: ${JSON.stringify(selected.map((id) => ({ id })))} },
          close: () => { window.actionClosed = true; },
          i18n: {
            translate(key, options = {}) {
              let text = lookup(key);
              if (text && typeof text === "object") text = text[new Intl.PluralRules("en").select(options.count)] ?? text.other;
              if (typeof text !== "string") return key;
              return text.replace(/{{(\\w+)}}/g, (_, name) => String(options[name] ?? ""));
            },
            formatNumber: (n, o = {}) => new Intl.NumberFormat("en-US", o).format(n),
            formatCurrency: (n, o = {}) => new Intl.NumberFormat("en-US", { style: "currency", ...o }).format(n),
          },
          extend(target, render) { window.target = target; render(); },
        };
      </script></head><body></body><script src="/bundle.js"></script></html>`,
    }),
  );
  await page.goto(`${APP_ORIGIN}/`);
  return page;
}

/** Errors the page reported, shown when a wait fails. */
const pageProblems = new WeakMap<Page, string[]>();

const text = (page: Page) => page.evaluate(() => document.body.innerText);
const primary = (page: Page) => page.locator('s-button[slot="primary-action"]');
const secondary = (page: Page, label: string) => page.locator('s-button[slot="secondary-actions"]', { hasText: label });
const checkbox = (page: Page, label: string) => page.locator(`s-checkbox[label="${label}"]`);

/** A merchant ticking or unticking a Polaris checkbox: its `checked` changes, then `change` fires. */
async function setChecked(page: Page, label: string, checked: boolean) {
  await checkbox(page, label).evaluate((el, value) => {
    (el as HTMLElement & { checked: boolean }).checked = value;
    el.dispatchEvent(new Event("change"));
  }, checked);
}

async function waitForText(page: Page, wanted: string | RegExp) {
  try {
    await page.waitForFunction(
      (w) => (w.regex ? new RegExp(w.source).test(document.body.innerText) : document.body.innerText.includes(w.source)),
      { source: typeof wanted === "string" ? wanted : wanted.source, regex: typeof wanted !== "string" },
      { timeout: 20_000 },
    );
  } catch (error) {
    const shown = await text(page).catch(() => "(page gone)");
    throw new Error(`"${String(wanted)}" never appeared.\nThe page shows:\n${shown}\n${(pageProblems.get(page) ?? []).join("\n")}`, { cause: error });
  }
}

describe("the product list's bulk action", { timeout: 90_000 }, () => {
  it("shows the selection, lets the merchant choose tasks, shows the estimate, starts the job in review mode and links to it", async () => {
    const { shop, productIds } = await readyShop("ui-bulk");
    const selected = productIds.slice(0, 3);
    const page = await openAction(shop, EXTENSIONS.selection.handle, selected);
    expect(await page.evaluate(() => (window as unknown as { target: string }).target)).toBe(EXTENSIONS.selection.target);

    await waitForText(page, "3 products selected");
    await waitForText(page, "Written by gpt-4o-mini (OpenAI)");
    // The seed workload is preselected; alt text is offered (OpenAI can see images).
    for (const label of ["Title", "Description", "Attributes"]) expect(await checkbox(page, label).getAttribute("checked")).not.toBeNull();
    for (const label of ["SEO title and meta description", "Tags", "Image alt text"]) expect(await checkbox(page, label).getAttribute("checked")).toBeNull();
    expect(await checkbox(page, "Image alt text").getAttribute("disabled")).toBeNull();

    await setChecked(page, "SEO title and meta description", true);
    await setChecked(page, "Attributes", false);
    await primary(page).click(); // Estimate cost
    await waitForText(page, /Estimated cost: \$\d/);
    expect(await text(page)).toMatch(/3 products, about [\d,]+ input and [\d,]+ output tokens on gpt-4o-mini \(OpenAI\)/);

    const [job] = await prisma.enrichmentJob.findMany({ where: { shop } });
    expect(job).toMatchObject({ trigger: "bulk_action", mode: "review", status: "awaiting_start", tasks: ["title", "description", "seo"] });
    expect(job!.scopeIds).toEqual(selected);
    expect(await prisma.usageEvent.count({ where: { jobId: job!.id } })).toBe(0); // seeing the estimate spent nothing

    await primary(page).click(); // Start enrichment
    await waitForText(page, "Open the job to follow its progress");
    expect(await page.locator("s-banner[tone=success]").getAttribute("heading")).toBe("Enrichment started");
    expect(await primary(page).getAttribute("href")).toBe(`app:app/jobs/${job!.id}`);
    expect(await primary(page).textContent()).toBe("Open job");
    await waitFor(async () => (await prisma.enrichmentJob.findUniqueOrThrow({ where: { id: job!.id } })).status === "awaiting_review", "the results to wait for review");
    await page.close();
  });
});

describe("the product page's action", { timeout: 90_000 }, () => {
  it("estimates the one product, and Cancel discards the waiting job and closes", async () => {
    const { shop, productIds } = await readyShop("ui-page");
    const page = await openAction(shop, EXTENSIONS.product.handle, [productIds[0]!]);
    expect(await page.evaluate(() => (window as unknown as { target: string }).target)).toBe(EXTENSIONS.product.target);
    await waitForText(page, "1 product selected");
    await waitForText(page, "Written by gpt-4o-mini");

    await primary(page).click();
    await waitForText(page, /Estimated cost: \$\d/);
    expect(await text(page)).toMatch(/1 product, about/);
    const [job] = await prisma.enrichmentJob.findMany({ where: { shop } });
    expect(job).toMatchObject({ trigger: "product_page", status: "awaiting_start" });

    await secondary(page, "Cancel").click();
    await page.waitForFunction(() => (window as unknown as { actionClosed: boolean }).actionClosed === true);
    expect((await prisma.enrichmentJob.findUniqueOrThrow({ where: { id: job!.id } })).status).toBe("cancelled");
    expect(await prisma.usageEvent.count({ where: { jobId: job!.id } })).toBe(0);
    await page.close();
  });
});

// The Settings page's loader and action as the embedded app calls them. A merchant depends on:
// seeing the instructions jobs follow (the defaults until they change them), an inline message
// on exactly the field to fix when what they typed would not be accepted by a job, and what they
// saved being kept and followed by the jobs they create afterwards.
import { API_KEY, API_SECRET, appRequest, callRoute, captureOutput, installShop, jsonOf } from "./routes-session";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { action, loader } from "../../app/routes/app.settings";
import { action as newJobAction, loader as newJobLoader } from "../../app/routes/app.jobs.new";
import { DEFAULT_INSTRUCTIONS } from "../../app/enrichment/instructions";
import { routeShopifyFetch } from "../simulators/shopify/route-fetch";
import { startShopifySimulator, type ShopifySimulator } from "../simulators/shopify/server";
import { allowLocalProviders, assignEnrichment, installApp, newShop, startProvider, waitFor, type ProviderSetup } from "./pipeline-harness";

let shopify: ShopifySimulator;
const providers: ProviderSetup[] = [];

beforeAll(async () => {
  allowLocalProviders();
  shopify = await startShopifySimulator({ apiKey: API_KEY, apiSecret: API_SECRET, bulkOperationDelayMs: 20 });
  setAbstractFetchFunc(routeShopifyFetch(shopify.url));
});

afterAll(async () => {
  await Promise.all(providers.map((p) => p.sim.close()));
  await shopify?.close();
});

/** An installed shop with products in the simulator and an OpenAI key assigned to batch enrichment. */
async function merchant(prefix: string) {
  const shop = newShop(prefix);
  shopify.store.seedGenerated(shop, 2, { seed: 3 });
  await installApp(shopify, shop);
  const openai = await startProvider(shop, { kind: "openai" });
  providers.push(openai);
  await assignEnrichment(shop, openai, "gpt-4o-mini");
  return { shop, ids: shopify.store.shop(shop).products().map((p) => p.id) };
}

/** A form POST as Remix sends it; list fields repeat their name. */
async function postForm(shop: string, path: string, fields: [string, string][]): Promise<Request> {
  const base = await appRequest(shop, path);
  const headers = new Headers(base.headers);
  headers.set("content-type", "application/x-www-form-urlencoded");
  return new Request(base.url, { method: "POST", headers, body: new URLSearchParams(fields) });
}

const PAGE = "/app/settings";

function submission(patch: Record<string, unknown> = {}, autoEnrichNewProducts = false) {
  return JSON.stringify({
    instructions: {
      language: "en",
      brandVoice: "Warm and factual.",
      tone: "friendly",
      forbiddenClaims: ["cures"],
      forbiddenClaimAction: "reject",
      requiredKeywords: [],
      descriptionLength: { minWords: 120, maxWords: 250 },
      attributes: DEFAULT_INSTRUCTIONS.attributes,
      tags: { maxNew: 5, maxLength: 40 },
      ...patch,
    },
    autoEnrichNewProducts,
  });
}

async function save(shop: string, settings: string) {
  return callRoute(action, await appRequest(shop, PAGE, { form: { settings } }));
}

describe("the Settings page", () => {
  it("shows the instructions jobs follow, with the five default attributes", async () => {
    const shop = await installShop("settings-view");
    const response = await callRoute(loader, await appRequest(shop, PAGE));
    expect(response.status).toBe(200);
    const page = await jsonOf(response);
    expect(page.instructions.language).toBe("en");
    expect(page.instructions.descriptionLength).toEqual({ minWords: 120, maxWords: 250 });
    expect(page.instructions.attributes.map((a: { key: string }) => a.key)).toEqual([
      "material",
      "color",
      "care_instructions",
      "style",
      "audience",
    ]);
    expect(page.defaultAttributes).toHaveLength(5);
  });

  it("refuses the page and the action without a session token", async () => {
    const shop = await installShop("settings-auth");
    expect((await callRoute(loader, await appRequest(shop, PAGE, { anonymous: true }))).status).toBe(302);
    expect((await callRoute(action, await appRequest(shop, PAGE, { anonymous: true, form: { settings: submission() } }))).status).toBe(302);
  });

  it("puts each refusal under the field to fix", async () => {
    const shop = await installShop("settings-errors");
    const attribute = (key: string, label = "Fabric") => ({ key, label, description: "", multiline: false });
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ attributes: [attribute("Fabric Type")] }, "attributes.0.key", /snake_case/],
      [{ attributes: [attribute("fabric"), attribute("fabric", "Material")] }, "attributes", /own metafield key/],
      [{ attributes: [attribute("fabric", "")] }, "attributes.0.label", /Enter a value/],
      [{ descriptionLength: { minWords: 300, maxWords: 200 } }, "descriptionLength.maxWords", /at least the fewest/],
      [{ descriptionLength: { minWords: 5, maxWords: 200 } }, "descriptionLength.minWords", /At least 20/],
      [{ descriptionLength: { minWords: null, maxWords: 200 } }, "descriptionLength.minWords", /Enter a number/],
      [{ tags: { maxNew: 80, maxLength: 40 } }, "tags.maxNew", /At most 50/],
      [{ forbiddenClaims: ["x"] }, "forbiddenClaims.0", /At least 2 characters/],
      [{ language: "not a language!" }, "language", /Choose a language/],
      [{ brandVoice: "b".repeat(2001) }, "brandVoice", /At most 2000 characters/],
      [{ attributes: Array.from({ length: 21 }, (_, i) => attribute(`a${i}`)) }, "attributes", /At most 20/],
    ];
    for (const [patch, field, message] of cases) {
      const response = await save(shop, submission(patch));
      expect(response.status).toBe(400);
      const body = await jsonOf(response);
      expect({ field, message: body.fieldErrors[field] }).toEqual({ field, message: expect.stringMatching(message) });
    }
    const unreadable = await save(shop, "{not json");
    expect(unreadable.status).toBe(400);
  });

  it("keeps a valid save, shows it again, and new jobs follow it", async () => {
    const { shop, ids } = await merchant("settings-save");
    const custom = [{ key: "fabric", label: "Fabric", description: "Main fabric.", multiline: false }];
    const response = await save(shop, submission({ brandVoice: "Short and bold.", language: "de", attributes: custom }, true));
    expect(response.status).toBe(200);
    expect((await jsonOf(response)).ok).toBe(true);

    const after = await jsonOf(await callRoute(loader, await appRequest(shop, PAGE)));
    expect(after.instructions.brandVoice).toBe("Short and bold.");
    expect(after.instructions.language).toBe("de");
    expect(after.instructions.attributes).toEqual(custom);
    expect(after.autoEnrichNewProducts).toBe(true);
    expect(await jsonOf(await callRoute(loader, await appRequest(await installShop("settings-other"), PAGE)))).toMatchObject({
      instructions: { brandVoice: "", language: "en" },
      autoEnrichNewProducts: false,
    }); // another shop still reads the defaults

    const form = await jsonOf(await callRoute(newJobLoader, await appRequest(shop, "/app/jobs/new")));
    expect(form.attributes.map((a: { key: string }) => a.key)).toEqual(["fabric"]);
    const created = await callRoute(
      newJobAction,
      await postForm(shop, "/app/jobs/new", [
        ["intent", "estimate"],
        ["scope", "ids"],
        ...ids.map((id): [string, string] => ["productId", id]),
        ["task", "title"],
        ["task", "attributes"],
      ])
    );
    expect(created.status).toBe(302);
    const jobId = new URL(created.headers.get("location")!, "https://app.example").pathname.split("/").pop()!;
    const job = await prisma.enrichmentJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job.instructions).toMatchObject({ brandVoice: "Short and bold.", language: "de", forbiddenClaims: ["cures"] });
    expect(job.attributes).toEqual(custom);
    // Let the runtime finish the estimate while the simulators are still up.
    await waitFor(async () => {
      const { status } = await prisma.enrichmentJob.findUniqueOrThrow({ where: { id: jobId } });
      return status !== "queued" && status !== "running" ? status : undefined;
    }, "the job's estimate");
  });

  it("reads stored instructions that no longer parse as the defaults, with a warning, not an error", async () => {
    const shop = await installShop("settings-stale");
    await prisma.shopSettings.create({
      data: { shop, instructions: { language: 42, attributes: "not a list" }, autoEnrichNewProducts: true },
    });
    const { result, output } = await captureOutput(async () => callRoute(loader, await appRequest(shop, PAGE)));
    expect(result.status).toBe(200);
    const page = await jsonOf(result);
    expect(page.instructions).toEqual(JSON.parse(JSON.stringify(DEFAULT_INSTRUCTIONS)));
    expect(page.autoEnrichNewProducts).toBe(true);
    expect(output).toMatch(/no longer valid/);
  });
});

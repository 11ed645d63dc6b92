// The Assignments page's loader and action, and the model-list route its pickers use, as the
// embedded app calls them. A merchant depends on: a default they can see when they chose
// nothing, saving a key + model + fallback + data scope with inline errors for what cannot work,
// model lists read from their provider — and another shop never reaching their keys or choices.
import { API_SECRET, appRequest, callRoute, everything, installShop, jsonOf } from "./routes-session";
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { action, loader } from "../../app/routes/app.assignments";
import { loader as modelsLoader } from "../../app/routes/app.providers.$keyId.models";
import prisma from "../../app/db.server";
import { storeProviderKey } from "../../app/vault/provider-keys.server";
import { startProviderSimulator, type ProviderSimulator } from "../simulators/providers/server";

const PAGE = "/app/assignments";
const KEY = `sk-proj-Assign${randomUUID().replace(/-/g, "")}`;
const SIM_MODELS = ["gpt-4o-mini", "gpt-4.1-mini", "gpt-4o"];

let openai: ProviderSimulator;
beforeAll(async () => {
  openai = await startProviderSimulator({ kind: "openai", keys: [KEY], models: SIM_MODELS });
});
afterAll(() => openai.close());
// The simulator is on this machine: a self-hosted install's setting (hosted-mode refusals are
// tested with the Providers page).
beforeEach(() => {
  process.env.BYOK_ALLOW_PRIVATE_PROVIDER_URLS = "true";
});
afterEach(() => {
  delete process.env.BYOK_ALLOW_PRIVATE_PROVIDER_URLS;
});

type Card = {
  context: string;
  resolved: null | {
    primary: { providerKeyId: string; model: string };
    fallback: null | { providerKeyId: string; model: string };
    dataScope: string[];
    source: string;
  };
  error: string | null;
  keys: Array<{ id: string }>;
  defaultModels: Record<string, string | null>;
  defaultScope: string[];
};

async function cards(shop: string): Promise<Record<string, Card>> {
  const response = await callRoute(loader, await appRequest(shop, PAGE));
  expect(response.status).toBe(200);
  const body = await jsonOf(response);
  return Object.fromEntries((body.cards as Card[]).map((c) => [c.context, c]));
}

async function save(shop: string, fields: Record<string, string>, scope: string[] = ["title", "descriptionHtml"]) {
  const body = new URLSearchParams({ intent: "save", ...fields });
  for (const f of scope) body.append("dataScope", f);
  const request = await appRequest(shop, PAGE, { form: {} });
  return callRoute(action, new Request(request.url, { method: "POST", headers: request.headers, body }));
}

async function models(shop: string, keyId: string) {
  return callRoute(modelsLoader, await appRequest(shop, `/app/providers/${keyId}/models`), { keyId });
}

async function openaiKey(shop: string, label = "OpenAI") {
  return storeProviderKey({ shop, provider: "openai", label, apiKey: KEY, baseUrl: `${openai.url}/v1` });
}

describe("authentication", () => {
  it("refuses the page, its action and the model list without a valid session token", async () => {
    const shop = await installShop("assign-auth");
    const key = await openaiKey(shop);
    for (const options of [{ anonymous: true }, { secret: `x-${API_SECRET}` }]) {
      const page = await callRoute(loader, await appRequest(shop, PAGE, options));
      const saved = await callRoute(
        action,
        await appRequest(shop, PAGE, { ...options, form: { intent: "save", context: "enrichment", providerKeyId: key.id } }),
      );
      const list = await callRoute(modelsLoader, await appRequest(shop, `/app/providers/${key.id}/models`, options), {
        keyId: key.id,
      });
      for (const response of [page, saved, list]) expect([302, 401]).toContain(response.status);
    }
    expect(await prisma.assignment.count({ where: { shop } })).toBe(0);
  });
});

describe("the page", () => {
  it("without keys, every kind of work says what is missing", async () => {
    const shop = await installShop("assign-empty");
    const response = await callRoute(loader, await appRequest(shop, PAGE));
    const body = await jsonOf(response);
    expect(body.hasKeys).toBe(false);
    for (const card of body.cards as Card[]) {
      expect(card.resolved).toBeNull();
      expect(card.error).toMatch(/Providers/);
    }
  });

  it("with one OpenAI key, text work defaults to it; confidential work offers no hosted key", async () => {
    const shop = await installShop("assign-defaults");
    const key = await openaiKey(shop);
    const byContext = await cards(shop);
    expect(byContext.enrichment.resolved).toMatchObject({
      source: "default",
      primary: { providerKeyId: key.id, model: "gpt-4o-mini" },
    });
    expect(byContext.enrichment.defaultModels).toEqual({ [key.id]: "gpt-4o-mini" });
    expect(byContext.enrichment.resolved?.dataScope).not.toContain("vendor");
    expect(byContext.confidential.keys).toEqual([]);
    expect(byContext.confidential.error).toMatch(/self-hosted/);
  });

  it("saves a key + model + fallback + data scope, and goes back to the default on request", async () => {
    const shop = await installShop("assign-save");
    const primary = await openaiKey(shop, "OpenAI – main");
    const backup = await storeProviderKey({
      shop,
      provider: "mistral",
      label: "Mistral – backup",
      apiKey: "mistral-key-0123456789abcdef",
    });
    const response = await save(
      shop,
      {
        context: "enrichment",
        providerKeyId: primary.id,
        model: "gpt-4.1-mini",
        fallbackProviderKeyId: backup.id,
        fallbackModel: "",
      },
      ["title", "descriptionHtml", "tags"],
    );
    const body = await jsonOf(response);
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ ok: true, message: "Batch enrichment: OpenAI – main · gpt-4.1-mini saved." });

    const enrichment = (await cards(shop)).enrichment;
    expect(enrichment.resolved).toMatchObject({
      source: "assigned",
      primary: { providerKeyId: primary.id, model: "gpt-4.1-mini" },
      fallback: { providerKeyId: backup.id, model: "mistral-small-latest" },
      dataScope: ["title", "descriptionHtml", "tags"],
    });

    const reset = await callRoute(action, await appRequest(shop, PAGE, { form: { intent: "reset", context: "enrichment" } }));
    expect((await jsonOf(reset)).ok).toBe(true);
    expect((await cards(shop)).enrichment.resolved).toMatchObject({ source: "default", fallback: null });
  });

  it("answers with inline errors for what cannot work", async () => {
    const shop = await installShop("assign-errors");
    const key = await openaiKey(shop);
    const deepl = await storeProviderKey({ shop, provider: "deepl", label: "DeepL", apiKey: `${randomUUID()}:fx` });
    const cases: Array<[Record<string, string>, string[], string, RegExp]> = [
      [{ context: "enrichment", providerKeyId: "" }, ["title"], "providerKeyId", /Choose a provider key/],
      [{ context: "enrichment", providerKeyId: key.id }, [], "dataScope", /at least one product field/],
      [{ context: "enrichment", providerKeyId: deepl.id }, ["title"], "providerKeyId", /cannot do this work/],
      [{ context: "vision", providerKeyId: deepl.id }, ["images"], "providerKeyId", /cannot do this work/],
      [
        {
          context: "enrichment",
          providerKeyId: key.id,
          model: "gpt-4o-mini",
          fallbackProviderKeyId: key.id,
          fallbackModel: "gpt-4o-mini",
        },
        ["title"],
        "fallbackProviderKeyId",
        /another key or another model/,
      ],
      [{ context: "everything", providerKeyId: key.id }, ["title"], "context", /Unknown kind of work/],
    ];
    for (const [fields, scope, field, message] of cases) {
      const response = await save(shop, fields, scope);
      expect(response.status, JSON.stringify(fields)).toBe(400);
      expect((await jsonOf(response)).fieldErrors?.[field], JSON.stringify(fields)).toMatch(message);
    }
    expect(await prisma.assignment.count({ where: { shop } })).toBe(0);
  });
});

describe("model lists", () => {
  it("come from the provider's models endpoint where it has one, else the curated list", async () => {
    const shop = await installShop("assign-models");
    const key = await openaiKey(shop);
    const response = await models(shop, key.id);
    expect(response.status).toBe(200);
    expect(await jsonOf(response)).toEqual({ models: [...SIM_MODELS].sort(), source: "endpoint" });
    expect(await everything(response)).not.toContain(KEY);

    const before = openai.stats().requests;
    const perplexity = await storeProviderKey({
      shop,
      provider: "perplexity",
      label: "Perplexity",
      apiKey: "pplx-0123456789abcdef",
    });
    expect(await jsonOf(await models(shop, perplexity.id))).toEqual({ models: ["sonar", "sonar-pro"], source: "curated" });
    expect(openai.stats().requests).toBe(before);
  });

  it("a key the provider refuses still offers the curated list, and says why", async () => {
    const shop = await installShop("assign-models-refused");
    const key = await storeProviderKey({
      shop,
      provider: "openai",
      label: "Wrong",
      apiKey: "sk-proj-not-accepted-000000",
      baseUrl: `${openai.url}/v1`,
    });
    const body = await jsonOf(await models(shop, key.id));
    expect(body.source).toBe("curated");
    expect(body.models).toContain("gpt-4o-mini");
    expect(body.error).toMatch(/rejected the API key/);
  });
});

describe("another shop", () => {
  it("can neither see, list models of, assign nor reset shop A's keys and choices", async () => {
    const shopA = await installShop("assign-a");
    const shopB = await installShop("assign-b");
    const keyA = await openaiKey(shopA, "Shop A's key");
    expect((await save(shopA, { context: "enrichment", providerKeyId: keyA.id, model: "gpt-4o" })).status).toBe(200);

    const page = await callRoute(loader, await appRequest(shopB, PAGE));
    expect(await everything(page)).not.toMatch(/Shop A's key|gpt-4o"/);
    expect((await jsonOf(page)).hasKeys).toBe(false);

    const before = openai.stats().requests;
    expect((await models(shopB, keyA.id)).status).toBe(404);
    expect(openai.stats().requests).toBe(before);

    const assign = await save(shopB, { context: "enrichment", providerKeyId: keyA.id });
    expect(assign.status).toBe(400);
    expect((await jsonOf(assign)).fieldErrors.providerKeyId).toBe("Choose one of your provider keys.");
    expect(await prisma.assignment.count({ where: { shop: shopB } })).toBe(0);

    await callRoute(action, await appRequest(shopB, PAGE, { form: { intent: "reset", context: "enrichment" } }));
    expect((await cards(shopA)).enrichment.resolved).toMatchObject({
      source: "assigned",
      primary: { providerKeyId: keyA.id, model: "gpt-4o" },
    });
  });
});

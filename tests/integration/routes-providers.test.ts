// The Providers page's loader and action as the embedded app calls them: with a session token
// the real `authenticate.admin` validates, keys written through the action, tested against the
// OpenAI simulator through the base-URL guard. A merchant depends on: inline errors that say
// what to fix, the specific reason a test failed, keys that never come back to the browser, and
// another shop never reaching their keys.
import { API_SECRET, appRequest, callRoute, captureOutput, everything, installShop, jsonOf } from "./routes-session";
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { action, loader } from "../../app/routes/app.providers";
import prisma from "../../app/db.server";
import { withDecryptedKey } from "../../app/vault/provider-keys.server";
import { startProviderSimulator, type ProviderSimulator } from "../simulators/providers/server";

const newKey = (prefix = "sk-proj-") => `${prefix}Route${randomUUID().replace(/-/g, "")}`;

let openai: ProviderSimulator;
const accepted: string[] = [];
const ACCEPTED_COUNT = 8;

beforeAll(async () => {
  for (let i = 0; i < ACCEPTED_COUNT; i++) accepted.push(newKey());
  // OpenRouter names models "vendor/model"; the simulator serves one such name too.
  const models = ["gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "openai/gpt-4o-mini"];
  openai = await startProviderSimulator({ kind: "openai", keys: accepted, models });
});
afterAll(() => openai.close());
afterEach(() => {
  delete process.env.BYOK_ALLOW_PRIVATE_PROVIDER_URLS;
});

const PAGE = "/app/providers";

async function post(shop: string, form: Record<string, string>, options: { secret?: string; anonymous?: boolean } = {}) {
  return callRoute(action, await appRequest(shop, PAGE, { form, ...options }));
}

async function keysOf(shop: string) {
  const response = await callRoute(loader, await appRequest(shop, PAGE));
  expect(response.status).toBe(200);
  return (await jsonOf(response)).keys as Array<Record<string, unknown> & { id: string; label: string; last4: string }>;
}

async function addOpenAIKey(shop: string, apiKey: string, label = "OpenAI – simulator") {
  const response = await post(shop, { intent: "add", provider: "openai", label, apiKey, baseUrl: `${openai.url}/v1` });
  expect(response.status).toBe(200);
  const body = await jsonOf(response);
  expect(body.ok).toBe(true);
  return body.id as string;
}

describe("authentication", () => {
  it("refuses the loader and the action without a session token, and with a forged one", async () => {
    const shop = await installShop("providers-auth");
    const anonymousPage = await callRoute(loader, await appRequest(shop, PAGE, { anonymous: true }));
    expect(anonymousPage.status).toBe(302);
    expect(anonymousPage.headers.get("location")).toBe("/auth/login");

    const forged = await callRoute(loader, await appRequest(shop, PAGE, { secret: `not-${API_SECRET}` }));
    expect(forged.status).toBe(401);

    const anonymousAdd = await post(
      shop,
      { intent: "add", provider: "openai", label: "x", apiKey: newKey() },
      { anonymous: true },
    );
    expect(anonymousAdd.status).toBe(302);
    const forgedAdd = await post(shop, { intent: "add", provider: "openai", label: "x", apiKey: newKey() }, { secret: "forged" });
    expect(forgedAdd.status).toBe(401);
    expect(await prisma.providerKey.count({ where: { shop } })).toBe(0);
  });
});

describe("adding a key", () => {
  it("lists it with provider, label, last 4 characters and date — and never the key", async () => {
    const shop = await installShop("providers-add");
    const apiKey = newKey();
    const { result: response, output } = await captureOutput(() =>
      post(shop, { intent: "add", provider: "openai", label: "OpenAI – production", apiKey, baseUrl: "" }),
    );
    expect(response.status).toBe(200);
    expect(await everything(response)).not.toContain(apiKey);
    expect(output).not.toContain(apiKey);

    const page = await callRoute(loader, await appRequest(shop, PAGE));
    expect(await everything(page)).not.toContain(apiKey);
    const [row] = (await jsonOf(page)).keys;
    expect(row).toMatchObject({ provider: "openai", label: "OpenAI – production", last4: apiKey.slice(-4), lastTestOk: null });
    expect(Object.keys(row).sort()).toEqual(
      ["baseUrl", "createdAt", "id", "label", "last4", "lastTestMessage", "lastTestOk", "lastTestedAt", "provider"].sort(),
    );
    expect(new Date(row.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await withDecryptedKey(shop, row.id, async (c) => c.apiKey === apiKey)).toBe(true);
  });

  it("answers with inline errors for the field to fix", async () => {
    const shop = await installShop("providers-errors");
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ provider: "", label: "x", apiKey: newKey() }, "provider", /Choose a provider/],
      [{ provider: "openai", label: "OpenAI", apiKey: "" }, "apiKey", /Paste your OpenAI API key/],
      [{ provider: "openai", label: "", apiKey: newKey() }, "label", /Give this key a name/],
      [{ provider: "openai", label: "OpenAI", apiKey: "sk-two words" }, "apiKey", /spaces or line breaks/],
      [{ provider: "custom-openai", label: "vLLM", apiKey: "" }, "baseUrl", /base URL/],
      [{ provider: "custom-openai", label: "vLLM", baseUrl: "ftp://llm.example.com" }, "baseUrl", /https?:/],
      [{ provider: "azure-openai", label: "Azure", apiKey: newKey("az") }, "baseUrl", /resource endpoint/i],
      [
        { provider: "custom-openai", label: "vLLM", baseUrl: "https://llm.example.com/v1", "setting.structuredOutput": "xml" },
        "settings.structuredOutput",
        /Choose one of/,
      ],
    ];
    for (const [fields, field, message] of cases) {
      const response = await post(shop, { intent: "add", ...fields });
      expect(response.status, JSON.stringify(fields)).toBe(400);
      const body = await jsonOf(response);
      expect(body.ok).toBe(false);
      expect(body.fieldErrors?.[field], `${field} for ${JSON.stringify(fields)}: ${JSON.stringify(body)}`).toMatch(message);
    }
    expect(await prisma.providerKey.count({ where: { shop } })).toBe(0);
  });

  it("stores Azure's endpoint as the base URL and its deployment as a setting; local servers need no key", async () => {
    const shop = await installShop("providers-settings");
    const azure = await post(shop, {
      intent: "add",
      provider: "azure-openai",
      label: "Azure",
      apiKey: newKey("azkey"),
      baseUrl: "https://my-resource.openai.azure.com",
      "setting.deployment": "gpt-4o-mini-prod",
      "setting.apiVersion": "2024-10-21",
    });
    expect(azure.status).toBe(200);
    const ollama = await post(shop, {
      intent: "add",
      provider: "ollama",
      label: "Ollama",
      apiKey: "ignored-for-ollama",
      baseUrl: "",
    });
    expect(ollama.status).toBe(200);
    const rows = await prisma.providerKey.findMany({ where: { shop }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.provider, r.baseUrl, r.settings])).toEqual([
      ["azure-openai", "https://my-resource.openai.azure.com/", { deployment: "gpt-4o-mini-prod", apiVersion: "2024-10-21" }],
      ["ollama", null, {}],
    ]);
    // A local server's key field is not shown; whatever was posted is not stored as its key.
    expect(await withDecryptedKey(shop, rows[1].id, async (c) => c.apiKey)).toBe("");
  });
});

describe("testing a key", () => {
  it("succeeds against the provider with the models it offers, and the result stays beside the key", async () => {
    process.env.BYOK_ALLOW_PRIVATE_PROVIDER_URLS = "true";
    const shop = await installShop("providers-test");
    const id = await addOpenAIKey(shop, accepted[0]);
    const response = await post(shop, { intent: "test", keyId: id });
    const body = await jsonOf(response);
    expect(body).toMatchObject({ ok: true, intent: "test", id });
    expect(body.message).toMatch(/^OpenAI connected: \d+ models available\.$/);
    const [row] = await keysOf(shop);
    expect(row).toMatchObject({ lastTestOk: true, lastTestMessage: body.message });
    expect(openai.requests().some((r) => r.path === "/v1/models")).toBe(true);
  });

  it("a wrong key fails with the wrong-key message, shown in the list", async () => {
    process.env.BYOK_ALLOW_PRIVATE_PROVIDER_URLS = "true";
    const shop = await installShop("providers-wrong-key");
    const wrong = newKey();
    const id = await addOpenAIKey(shop, wrong);
    const { result: response, output } = await captureOutput(() => post(shop, { intent: "test", keyId: id }));
    const body = await jsonOf(response);
    expect(body.ok).toBe(false);
    expect(body.kind).toBe("auth");
    expect(body.message).toMatch(/OpenAI rejected the API key \(401\)/);
    expect(await everything(response)).not.toContain(wrong);
    expect(output).not.toContain(wrong);
    const [row] = await keysOf(shop);
    expect(row).toMatchObject({ lastTestOk: false });
    expect(row.lastTestMessage).toMatch(/rejected the API key/);
  });

  it("no quota fails with its own message", async () => {
    process.env.BYOK_ALLOW_PRIVATE_PROVIDER_URLS = "true";
    const shop = await installShop("providers-quota");
    // OpenAI's list is public to any valid key, so the quota shows on a tiny completion: OpenRouter tests with one.
    const id = await post(shop, {
      intent: "add",
      provider: "openrouter",
      label: "OpenRouter",
      apiKey: accepted[1],
      baseUrl: `${openai.url}/v1`,
    }).then((r) => jsonOf(r).then((b) => b.id as string));
    openai.inject({ status: 429, errorCode: "insufficient_quota" });
    const body = await jsonOf(await post(shop, { intent: "test", keyId: id }));
    expect(body.ok).toBe(false);
    expect(body.kind).toBe("quota");
  });

  it("in the hosted app a base URL on this machine is refused when saved, and when tested before any request is sent", async () => {
    const shop = await installShop("providers-hosted");
    const refused = await post(shop, {
      intent: "add",
      provider: "openai",
      label: "Local",
      apiKey: accepted[2],
      baseUrl: `${openai.url}/v1`,
    });
    expect(refused.status).toBe(400);
    expect((await jsonOf(refused)).fieldErrors.baseUrl).toMatch(/127\.0\.0\.1 is a loopback address/);

    // Saved while the install allowed local servers, then the setting was turned off.
    process.env.BYOK_ALLOW_PRIVATE_PROVIDER_URLS = "true";
    const id = await addOpenAIKey(shop, accepted[2]);
    delete process.env.BYOK_ALLOW_PRIVATE_PROVIDER_URLS;
    const before = openai.stats().requests;
    const body = await jsonOf(await post(shop, { intent: "test", keyId: id }));
    expect(body.ok).toBe(false);
    expect(body.message).toMatch(/127\.0\.0\.1 is a loopback address/);
    expect(openai.stats().requests).toBe(before);
  });
});

describe("rename, replace, delete", () => {
  it("renames, replaces the key (last 4 change, test result cleared) and deletes with its assignments", async () => {
    process.env.BYOK_ALLOW_PRIVATE_PROVIDER_URLS = "true";
    const shop = await installShop("providers-manage");
    const first = accepted[3];
    const second = accepted[4];
    const id = await addOpenAIKey(shop, first, "Old name");
    await post(shop, { intent: "test", keyId: id });

    expect((await post(shop, { intent: "rename", keyId: id, label: "" })).status).toBe(400);
    const renamed = await jsonOf(await post(shop, { intent: "rename", keyId: id, label: "New name" }));
    expect(renamed).toMatchObject({ ok: true, message: "Renamed to New name." });

    const rotated = await post(shop, { intent: "rotate", keyId: id, apiKey: second });
    expect(rotated.status).toBe(200);
    expect(await everything(rotated)).not.toContain(second);
    const [row] = await keysOf(shop);
    expect(row).toMatchObject({ label: "New name", last4: second.slice(-4), lastTestOk: null });
    expect(await withDecryptedKey(shop, id, async (c) => c.apiKey === second)).toBe(true);

    await prisma.assignment.create({
      data: { shop, context: "enrichment", providerKeyId: id, model: "gpt-4o-mini", dataScope: [] },
    });
    const deleted = await jsonOf(await post(shop, { intent: "delete", keyId: id }));
    expect(deleted.ok).toBe(true);
    expect(deleted.message).toMatch(/Choose another key for: enrichment/);
    expect(await keysOf(shop)).toEqual([]);
    expect(await prisma.assignment.findFirst({ where: { shop, context: "enrichment" } })).toMatchObject({
      providerKeyId: null,
      model: null,
    });
  });
});

describe("another shop", () => {
  it("can neither read, test, rename, replace nor delete shop A's keys", async () => {
    process.env.BYOK_ALLOW_PRIVATE_PROVIDER_URLS = "true";
    const shopA = await installShop("providers-a");
    const shopB = await installShop("providers-b");
    const keyA = accepted[5];
    const id = await addOpenAIKey(shopA, keyA, "Shop A's key");

    const pageB = await callRoute(loader, await appRequest(shopB, PAGE));
    expect((await jsonOf(pageB)).keys).toEqual([]);
    expect(await everything(pageB)).not.toContain("Shop A's key");

    const before = openai.stats().requests;
    for (const form of <Array<Record<string, string>>>[
      { intent: "test", keyId: id },
      { intent: "rename", keyId: id, label: "Taken over" },
      { intent: "rotate", keyId: id, apiKey: newKey() },
      { intent: "delete", keyId: id },
    ]) {
      const response = await post(shopB, form);
      expect(response.status, form.intent).toBe(404);
      expect((await jsonOf(response)).ok).toBe(false);
    }
    // Nothing reached the provider with A's key, and A's key is as it was.
    expect(openai.stats().requests).toBe(before);
    const [row] = await keysOf(shopA);
    expect(row).toMatchObject({ id, label: "Shop A's key", last4: keyA.slice(-4), lastTestedAt: null });
    expect(await withDecryptedKey(shopA, id, async (c) => c.apiKey === keyA)).toBe(true);
  });
});

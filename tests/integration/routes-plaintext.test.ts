// Keys written through the Providers page's action — added, tested, replaced, assigned, used —
// then searched for everywhere a merchant's key could leak: every loader's response (headers and
// body), the output the app printed meanwhile, and the database (the SQLite file with its journal,
// or every PostgreSQL table). 0 hits. The labels stored beside the keys are found, which shows
// the search sees what was written.
import { databaseBytes, occurrences } from "../support/plaintext-search";
import { appRequest, callRoute, captureOutput, everything, installShop, jsonOf } from "./routes-session";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { action as assignmentsAction, loader as assignmentsLoader } from "../../app/routes/app.assignments";
import { loader as modelsLoader } from "../../app/routes/app.providers.$keyId.models";
import { action as providersAction, loader as providersLoader } from "../../app/routes/app.providers";
import { loader as csvLoader } from "../../app/routes/app.usage.csv";
import { loader as usageLoader } from "../../app/routes/app.usage";
import { recordUsageEvent } from "../../app/ledger/ledger.server";
import { startProviderSimulator, type ProviderSimulator } from "../simulators/providers/server";

const secret = (prefix: string) => `${prefix}${randomUUID().replace(/-/g, "")}${randomUUID().replace(/-/g, "").slice(0, 12)}`;
const KEYS = {
  openai: secret("sk-proj-Plain"),
  openaiRotated: secret("sk-proj-Rotated"),
  anthropic: secret("sk-ant-api03-Plain"),
  deepl: `${randomUUID()}:fx`,
  azure: secret("azplain"),
  custom: secret("vllm-plain-"),
  gemini: secret("AIzaPlain"),
};

let openai: ProviderSimulator;
let deepl: ProviderSimulator;
beforeAll(async () => {
  process.env.BYOK_ALLOW_PRIVATE_PROVIDER_URLS = "true";
  openai = await startProviderSimulator({ kind: "openai", keys: [KEYS.openai, KEYS.openaiRotated, KEYS.custom] });
  deepl = await startProviderSimulator({ kind: "deepl", keys: [KEYS.deepl] });
});
afterAll(async () => {
  delete process.env.BYOK_ALLOW_PRIVATE_PROVIDER_URLS;
  await openai.close();
  await deepl.close();
});


it("no key written through the UI's action appears in any loader's response, the logs or the database", async () => {
  const shop = await installShop("plaintext");
  const responses: string[] = [];
  const keep = async (response: Response) => {
    responses.push(await everything(response));
    return response;
  };
  const post = async (fn: unknown, path: string, form: Record<string, string>) =>
    keep(await callRoute(fn, await appRequest(shop, path, { form })));
  const get = async (fn: unknown, path: string, params: Record<string, string> = {}) =>
    keep(await callRoute(fn, await appRequest(shop, path), params));

  const { output } = await captureOutput(async () => {
    const add = async (form: Record<string, string>) => {
      const response = await post(providersAction, "/app/providers", { intent: "add", ...form });
      expect(response.status, form.provider).toBe(200);
      return (await jsonOf(response)).id as string;
    };
    const openaiId = await add({ provider: "openai", label: "Label OpenAI", apiKey: KEYS.openai, baseUrl: `${openai.url}/v1` });
    await add({ provider: "anthropic", label: "Label Anthropic", apiKey: KEYS.anthropic, baseUrl: "http://127.0.0.1:9/" });
    const deeplId = await add({ provider: "deepl", label: "Label DeepL", apiKey: KEYS.deepl, baseUrl: deepl.url });
    await add({
      provider: "azure-openai",
      label: "Label Azure",
      apiKey: KEYS.azure,
      baseUrl: "https://plaintext-test.openai.azure.com",
      "setting.deployment": "gpt-4o-mini",
    });
    const customId = await add({
      provider: "custom-openai",
      label: "Label Custom",
      apiKey: KEYS.custom,
      baseUrl: `${openai.url}/v1`,
    });
    const geminiId = await add({ provider: "gemini", label: "Label Gemini", apiKey: KEYS.gemini, baseUrl: `${openai.url}/v1` });

    // Tests that pass, and tests that fail with the provider's own error text (wrong key, unreachable).
    expect((await jsonOf(await post(providersAction, "/app/providers", { intent: "test", keyId: openaiId }))).ok).toBe(true);
    expect((await jsonOf(await post(providersAction, "/app/providers", { intent: "test", keyId: deeplId }))).ok).toBe(true);
    expect((await jsonOf(await post(providersAction, "/app/providers", { intent: "test", keyId: geminiId }))).ok).toBe(false);
    await post(providersAction, "/app/providers", { intent: "rotate", keyId: openaiId, apiKey: KEYS.openaiRotated });
    expect((await jsonOf(await post(providersAction, "/app/providers", { intent: "test", keyId: openaiId }))).ok).toBe(true);
    await post(assignmentsAction, "/app/assignments", {
      intent: "save",
      context: "enrichment",
      providerKeyId: openaiId,
      model: "gpt-4o-mini",
      fallbackProviderKeyId: customId,
      fallbackModel: "gpt-4o",
      dataScope: "title",
    });
    await recordUsageEvent({
      shop,
      provider: "openai",
      model: "gpt-4o-mini",
      context: "enrichment",
      providerKeyId: openaiId,
      usage: { inputTokens: { total: 1000, noCache: 1000, cacheRead: 0, cacheWrite: 0 }, outputTokens: 200, characters: 0 },
      latencyMs: 500,
      outcome: "ok",
    });

    // Every page's loader, and every key's model list.
    const keys = (await jsonOf(await get(providersLoader, "/app/providers"))).keys as Array<{ id: string }>;
    expect(keys).toHaveLength(6);
    for (const key of keys) await get(modelsLoader, `/app/providers/${key.id}/models`, { keyId: key.id });
    await get(assignmentsLoader, "/app/assignments");
    await get(usageLoader, "/app/usage?range=today");
    await get(csvLoader, "/app/usage/csv?range=today");
  });

  const seen = Buffer.from([...responses, output].join("\n"), "utf8");
  const database = await databaseBytes();
  expect(occurrences(seen, "Label OpenAI")).toBeGreaterThan(0);
  expect(occurrences(database, "Label Azure")).toBeGreaterThan(0);
  for (const [name, key] of Object.entries(KEYS)) {
    expect(occurrences(seen, key), `${name} in responses or logs`).toBe(0);
    expect(occurrences(database, key), `${name} in the database`).toBe(0);
  }
});

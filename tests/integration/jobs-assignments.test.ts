// Which key and model does each kind of work: sensible defaults from the shop's keys, a clear
// message when no key can do the work, the merchant's choice (with a fallback) checked before it
// is stored, and the data scope each context may send.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  AssignmentError,
  clearAssignment,
  listAssignments,
  resolveAssignment,
  setAssignment,
} from "../../app/assignments/assignments.server";
import { DEFAULT_DATA_SCOPES } from "../../app/assignments/context-rules";
import { deleteProviderKey, storeProviderKey } from "../../app/vault/provider-keys.server";

// Self-hosted models (Ollama, LM Studio) live on the merchant's machine: the self-hosting setting allows them.
beforeAll(() => {
  process.env.BYOK_ALLOW_PRIVATE_PROVIDER_URLS = "true";
});

const newShop = () => `assign-${randomUUID().slice(0, 8)}.myshopify.com`;
const key = (shop: string, provider: string, extra: { baseUrl?: string; settings?: Record<string, string> } = {}) =>
  storeProviderKey({ shop, provider, label: `${provider} key`, apiKey: `k-${randomUUID().replace(/-/g, "")}`, ...extra });

async function rejection(promise: Promise<unknown>): Promise<AssignmentError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AssignmentError);
  return error as AssignmentError;
}

describe("defaults when the merchant assigned nothing", () => {
  it("uses the only key with its family's default model for the context", async () => {
    const shop = newShop();
    const anthropic = await key(shop, "anthropic");
    const resolved = await resolveAssignment(shop, "enrichment");
    expect(resolved).toMatchObject({ source: "default", fallback: null, primary: { providerKeyId: anthropic.id, provider: "anthropic", model: "claude-haiku-4-5" } });
    expect((await resolveAssignment(shop, "batch_enrichment")).primary.providerKeyId).toBe(anthropic.id);
  });

  it("translation prefers DeepL, and falls back to a text model when there is no DeepL key", async () => {
    const shop = newShop();
    const openai = await key(shop, "openai");
    expect((await resolveAssignment(shop, "translation")).primary).toMatchObject({ providerKeyId: openai.id, model: "gpt-4o-mini" });
    const deepl = await key(shop, "deepl");
    expect((await resolveAssignment(shop, "translation")).primary).toMatchObject({ providerKeyId: deepl.id, model: "deepl" });
    // DeepL translates but does not write product copy.
    expect((await resolveAssignment(shop, "enrichment")).primary.providerKeyId).toBe(openai.id);
  });

  it("says clearly what is missing when no key can do the work", async () => {
    const shop = newShop();
    expect((await rejection(resolveAssignment(shop, "translation"))).message).toMatch(/DeepL key or a text model/);
    await key(shop, "deepl");
    const enrichment = await rejection(resolveAssignment(shop, "enrichment"));
    expect(enrichment.code).toBe("no_provider");
    expect(enrichment.message).toMatch(/text model/);
    expect((await rejection(resolveAssignment(shop, "vision"))).message).toMatch(/vision-capable/);
    await key(shop, "openai");
    expect((await rejection(resolveAssignment(shop, "confidential"))).message).toMatch(/self-hosted/);
    await key(shop, "ollama", { baseUrl: "http://127.0.0.1:11434/v1" });
    expect((await resolveAssignment(shop, "confidential")).primary).toMatchObject({ provider: "ollama", model: "llama3.2" });
    expect((await resolveAssignment(shop, "vision")).primary).toMatchObject({ provider: "openai" });
  });

  it("asks for a model where only the merchant knows it (a custom server without a listed model)", async () => {
    const shop = newShop();
    await key(shop, "lmstudio", { baseUrl: "http://127.0.0.1:1234/v1" });
    const error = await rejection(resolveAssignment(shop, "confidential"));
    expect(error.code).toBe("no_model");
    expect(error.field).toBe("model");
  });
});

describe("the merchant's assignment", () => {
  it("is stored with its fallback and scope, and listed per context", async () => {
    const shop = newShop();
    const openai = await key(shop, "openai");
    const mistral = await key(shop, "mistral");
    const resolved = await setAssignment({
      shop,
      context: "enrichment",
      providerKeyId: openai.id,
      model: "gpt-4.1-mini",
      fallbackProviderKeyId: mistral.id,
      dataScope: ["title", "descriptionHtml", "vendor"],
    });
    expect(resolved).toMatchObject({
      source: "assigned",
      primary: { providerKeyId: openai.id, model: "gpt-4.1-mini" },
      fallback: { providerKeyId: mistral.id, model: "mistral-small-latest" },
      dataScope: ["title", "descriptionHtml", "vendor"],
    });
    const views = await listAssignments(shop);
    expect(views.map((v) => v.context)).toEqual(["enrichment", "copilot", "translation", "vision", "compliance", "confidential"]);
    expect(views.find((v) => v.context === "confidential")!.error).toMatch(/self-hosted/);
    await clearAssignment(shop, "enrichment");
    expect((await resolveAssignment(shop, "enrichment")).source).toBe("default");
  });

  it("refuses a key that cannot do the work, another shop's key, a fallback identical to the primary, an empty scope", async () => {
    const shop = newShop();
    const deepl = await key(shop, "deepl");
    const openai = await key(shop, "openai");
    const foreign = await key(newShop(), "openai");
    expect((await rejection(setAssignment({ shop, context: "enrichment", providerKeyId: deepl.id }))).code).toBe("unsuitable_provider");
    expect((await rejection(setAssignment({ shop, context: "enrichment", providerKeyId: foreign.id }))).field).toBe("providerKeyId");
    expect(
      (await rejection(setAssignment({ shop, context: "enrichment", providerKeyId: openai.id, model: "gpt-4o-mini", fallbackProviderKeyId: openai.id, fallbackModel: "gpt-4o-mini" }))).code,
    ).toBe("same_as_primary");
    expect((await rejection(setAssignment({ shop, context: "enrichment", providerKeyId: openai.id, dataScope: [] }))).code).toBe("invalid_scope");
    expect((await rejection(setAssignment({ shop, context: "enrichment", providerKeyId: openai.id, dataScope: ["cost"] }))).code).toBe("invalid_scope");
  });

  it("falls back to a default when its key is deleted", async () => {
    const shop = newShop();
    const first = await key(shop, "openai");
    const second = await key(shop, "anthropic");
    await setAssignment({ shop, context: "enrichment", providerKeyId: second.id });
    await deleteProviderKey(shop, second.id);
    expect((await resolveAssignment(shop, "enrichment")).primary.providerKeyId).toBe(first.id);
  });
});

describe("data scopes", () => {
  it("keep the vendor and the shop's own metafields away from third-party providers by default", async () => {
    const shop = newShop();
    await key(shop, "openai");
    const { dataScope } = await resolveAssignment(shop, "enrichment");
    expect(dataScope).not.toContain("vendor");
    expect(dataScope).not.toContain("metafields");
    expect(dataScope).toEqual(expect.arrayContaining(["title", "descriptionHtml", "options", "variants"]));
    expect(DEFAULT_DATA_SCOPES.compliance).toContain("vendor"); // identifying the manufacturer is the point there
    expect(DEFAULT_DATA_SCOPES.confidential).toContain("metafields"); // self-hosted: nothing leaves the merchant
  });
});

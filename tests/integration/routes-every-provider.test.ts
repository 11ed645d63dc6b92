// Every provider of the registry, as a merchant meets it: added through the Providers page's
// action (pointed at the simulator of its wire format by base URL — a self-hosting install's
// setting), tested through the same action, and assigned to work through the Assignments action.
import { appRequest, callRoute, installShop, jsonOf } from "./routes-session";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action as assignmentsAction } from "../../app/routes/app.assignments";
import { action as providersAction } from "../../app/routes/app.providers";
import { PROVIDERS, type ProviderDefinition } from "../../app/providers/registry";
import { startProviderSimulator, type ProviderKind, type ProviderSimulator } from "../simulators/providers/server";

// Which simulator speaks each provider's protocol, and the base URL its SDK is given.
const WIRE: Record<string, { kind: ProviderKind; base: (origin: string) => string }> = {
  openai: { kind: "openai", base: (o) => `${o}/v1` },
  anthropic: { kind: "anthropic", base: (o) => o },
  mistral: { kind: "mistral", base: (o) => o },
  deepl: { kind: "deepl", base: (o) => o },
  gemini: { kind: "gemini", base: (o) => `${o}/v1beta/openai/` },
  ollama: { kind: "ollama", base: (o) => `${o}/v1/` },
};
const OPENAI_COMPATIBLE = { kind: "openai" as const, base: (o: string) => `${o}/v1` };

const KEY_FOR: Record<string, string> = { deepl: "7c2f3a9e-1b4d-4e8f-9a6b-5c3d2e1f0a9b:fx" };
const keyFor = (definition: ProviderDefinition) => KEY_FOR[definition.id] ?? `${definition.id}-route-test-key-0123456789`;

const simulators = new Map<ProviderKind, ProviderSimulator>();

beforeAll(async () => {
  process.env.BYOK_ALLOW_PRIVATE_PROVIDER_URLS = "true";
  // The OpenAI-compatible services' default models (OpenRouter and Perplexity test with a 1-token completion).
  const compatibleModels = PROVIDERS.filter((p) => p.family === "openai").flatMap((p) => p.models);
  for (const kind of ["openai", "anthropic", "mistral", "deepl", "gemini", "ollama"] as const) {
    const models = kind === "openai" ? [...new Set(["gpt-4o-mini", "gpt-4o", ...compatibleModels])] : undefined;
    simulators.set(kind, await startProviderSimulator({ kind, models }));
  }
});
afterAll(async () => {
  delete process.env.BYOK_ALLOW_PRIVATE_PROVIDER_URLS;
  await Promise.all([...simulators.values()].map((s) => s.close()));
});

describe.each(PROVIDERS.filter((p) => p.id !== "azure-openai").map((p) => ({ id: p.id, name: p.displayName, definition: p })))(
  "$name",
  ({ definition }) => {
    it("is added, tested and assigned through the pages' actions", async () => {
      const shop = await installShop(`every-${definition.id}`);
      const wire = WIRE[definition.id] ?? OPENAI_COMPATIBLE;
      const simulator = simulators.get(wire.kind)!;
      const post = async (fn: unknown, path: string, form: Record<string, string>) =>
        callRoute(fn, await appRequest(shop, path, { form }));

      const added = await post(providersAction, "/app/providers", {
        intent: "add",
        provider: definition.id,
        label: `${definition.displayName} – simulator`,
        apiKey: keyFor(definition),
        baseUrl: wire.base(simulator.url),
      });
      expect(added.status).toBe(200);
      const keyId = (await jsonOf(added)).id as string;

      const before = simulator.stats().requests;
      const tested = await jsonOf(await post(providersAction, "/app/providers", { intent: "test", keyId }));
      expect(tested, JSON.stringify(tested)).toMatchObject({ ok: true });
      expect(tested.message).toMatch(new RegExp(`^${definition.displayName.replace(/[()]/g, "\\$&")} connected`));
      expect(simulator.stats().requests).toBeGreaterThan(before);

      const context = definition.family === "deepl" ? "translation" : "enrichment";
      // Providers without a default model (LM Studio, a custom server) need one named.
      const model = definition.models[0] ? "" : "gpt-4o-mini";
      const assigned = await post(assignmentsAction, "/app/assignments", {
        intent: "save",
        context,
        providerKeyId: keyId,
        model,
        fallbackProviderKeyId: "",
        fallbackModel: "",
        dataScope: "title",
      });
      const body = await jsonOf(assigned);
      expect(assigned.status, JSON.stringify(body)).toBe(200);
      expect(body.message).toContain(`${definition.displayName} – simulator · ${model || definition.models[0]}`);
    });
  },
);

describe("Azure OpenAI", () => {
  it("is added with its resource endpoint and deployment and assigned to that deployment", async () => {
    const shop = await installShop("every-azure");
    const post = async (fn: unknown, path: string, form: Record<string, string>) =>
      callRoute(fn, await appRequest(shop, path, { form }));
    const added = await post(providersAction, "/app/providers", {
      intent: "add",
      provider: "azure-openai",
      label: "Azure – production",
      apiKey: "azure-route-test-key-0123456789",
      baseUrl: "https://my-resource.openai.azure.com",
      "setting.deployment": "shop-gpt-4o-mini",
      "setting.apiVersion": "2024-10-21",
    });
    expect(added.status).toBe(200);
    const keyId = (await jsonOf(added)).id as string;
    const assigned = await post(assignmentsAction, "/app/assignments", {
      intent: "save",
      context: "enrichment",
      providerKeyId: keyId,
      model: "",
      dataScope: "title",
    });
    expect((await jsonOf(assigned)).message).toContain("Azure – production · shop-gpt-4o-mini");
  });
});

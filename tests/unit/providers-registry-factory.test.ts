// The registry as a merchant meets it, and the factory's wiring for providers that have no
// simulator (Azure, the OpenAI-compatible presets): requests are checked at the wire through
// an injected fetch that records them and answers in OpenAI's format.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { PROVIDERS, getProviderDefinition } from "../../app/providers/registry";
import { createProvider } from "../../app/providers/factory.server";
import { ProviderError } from "../../app/providers/provider-error";

interface Recorded {
  url: string;
  method: string;
  headers: Headers;
  body: any;
}

function fakeOpenAI(reply: (req: Recorded) => { status?: number; body: unknown; headers?: Record<string, string> }) {
  const requests: Recorded[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const req: Recorded = {
      url: String(input instanceof Request ? input.url : input),
      method: init?.method ?? "GET",
      headers: new Headers(init?.headers),
      body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined,
    };
    requests.push(req);
    const { status = 200, body, headers = {} } = reply(req);
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

const completion = (content: string, finish = "stop") => ({
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1,
  model: "m",
  choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: finish }],
  usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
});

const Title = z.object({ title: z.string() });

describe("registry", () => {
  it("offers at least 12 providers, each with what the add form needs", () => {
    expect(PROVIDERS.length).toBeGreaterThanOrEqual(12);
    expect(new Set(PROVIDERS.map((p) => p.id)).size).toBe(PROVIDERS.length);
    for (const p of PROVIDERS) {
      expect(p.displayName).not.toBe("");
      expect(p.keyHint).not.toBe("");
      expect(p.defaultBaseUrl !== undefined || p.baseUrlRequired).toBe(true);
      expect(p.modelSource === "endpoint" || p.models.length > 0 || p.id === "azure-openai").toBe(true);
    }
  });

  it("names Gemini's and Ollama's OpenAI-compatible endpoints", () => {
    expect(getProviderDefinition("gemini")?.defaultBaseUrl).toBe("https://generativelanguage.googleapis.com/v1beta/openai/");
    expect(getProviderDefinition("ollama")?.defaultBaseUrl).toBe("http://localhost:11434/v1/");
    expect(getProviderDefinition("ollama")?.imageInput).toBe("base64");
  });

  it("only DeepL translates", () => {
    expect(PROVIDERS.filter((p) => p.capabilities.translation).map((p) => p.id)).toEqual(["deepl"]);
  });

  it("every provider can be created from the factory", () => {
    for (const p of PROVIDERS) {
      const provider = createProvider({
        providerId: p.id,
        apiKey: "test-key-123456",
        baseUrl: p.baseUrlRequired ? "https://example.test/v1" : undefined,
        settings: p.id === "azure-openai" ? { apiVersion: "2024-10-21" } : undefined,
      });
      expect(provider.providerId).toBe(p.id);
      expect(Boolean(provider.translator)).toBe(p.capabilities.translation);
      expect(Boolean(provider.textModel)).toBe(p.family !== "deepl");
    }
  });
});

describe("factory validation", () => {
  it.each([
    [{ providerId: "nope", apiKey: "k" }, /Unknown provider/],
    [{ providerId: "openai", apiKey: " " }, /API key/],
    [{ providerId: "custom-openai", apiKey: "k" }, /base URL/],
    [{ providerId: "azure-openai", apiKey: "k" }, /Resource endpoint is required/],
    [{ providerId: "custom-openai", apiKey: "k", baseUrl: "ftp://x" }, /https/],
    [{ providerId: "custom-openai", apiKey: "k", baseUrl: "https://user:pw@x.test/v1" }, /not in the base URL/],
  ])("refuses %j", (options, message) => {
    let thrown: unknown;
    try {
      createProvider(options);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProviderError);
    expect((thrown as ProviderError).kind).toBe("bad_request");
    expect((thrown as ProviderError).message).toMatch(message);
  });
});

describe("OpenAI-family wiring at the wire", () => {
  it("Azure: deployment path, api-version and the api-key header", async () => {
    const wire = fakeOpenAI(() => ({ body: completion('{"title":"T"}') }));
    const provider = createProvider({
      providerId: "azure-openai",
      apiKey: "azure-key-0123456789",
      baseUrl: "https://shop-ai.openai.azure.com/",
      settings: { apiVersion: "2024-10-21" },
      fetch: wire.fetch,
    });
    const result = await provider.textModel!.generate({ model: "enrich-4o-mini", system: "s", prompt: "p", schema: Title, schemaName: "t", maxOutputTokens: 50 });
    expect(result.object).toEqual({ title: "T" });
    const [req] = wire.requests;
    expect(req.url).toBe("https://shop-ai.openai.azure.com/openai/deployments/enrich-4o-mini/chat/completions?api-version=2024-10-21");
    expect(req.headers.get("api-key")).toBe("azure-key-0123456789");
    expect(req.headers.get("authorization")).toBeNull();
    expect(req.body.max_completion_tokens).toBe(50);
    expect(req.body.response_format).toMatchObject({ type: "json_schema", json_schema: { name: "t", strict: true } });
  });

  it("Azure's connection test spends one token on the deployment", async () => {
    const wire = fakeOpenAI(() => ({ body: completion("OK", "length") }));
    const provider = createProvider({ providerId: "azure-openai", apiKey: "k-123456", baseUrl: "https://r.openai.azure.com", settings: { deployment: "prod-mini" }, fetch: wire.fetch });
    const result = await provider.testConnection();
    expect(result.ok).toBe(true);
    expect(wire.requests[0].url).toContain("/openai/deployments/prod-mini/chat/completions");
    expect(wire.requests[0].body.max_completion_tokens).toBe(1);
  });

  it("JSON mode (Groq, DeepSeek): the schema goes into the system prompt", async () => {
    const wire = fakeOpenAI(() => ({ body: completion('{"title":"T"}') }));
    const provider = createProvider({ providerId: "deepseek", apiKey: "sk-test-123456", fetch: wire.fetch });
    await provider.textModel!.generate({ model: "deepseek-chat", system: "Be brief.", prompt: "p", schema: Title, schemaName: "t", maxOutputTokens: 64 });
    const { body, url } = wire.requests[0];
    expect(url).toBe("https://api.deepseek.com/v1/chat/completions");
    expect(body.response_format).toEqual({ type: "json_object" });
    expect(body.messages[0].content).toMatch(/^Be brief\.[\s\S]*JSON Schema/);
    expect(body.max_tokens).toBe(64);
  });

  it("a custom endpoint in tool-call mode forces the one tool and reads its arguments", async () => {
    const wire = fakeOpenAI(() => ({
      body: {
        ...completion(""),
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "t", arguments: '{"title":"From tool"}' } }] },
            finish_reason: "tool_calls",
          },
        ],
      },
    }));
    const provider = createProvider({
      providerId: "custom-openai",
      apiKey: "",
      baseUrl: "https://llm.internal.example/v1",
      settings: { structuredOutput: "tool_call" },
      fetch: wire.fetch,
    });
    const result = await provider.textModel!.generate({ model: "qwen", system: "s", prompt: "p", schema: Title, schemaName: "t" });
    expect(result.object).toEqual({ title: "From tool" });
    expect(wire.requests[0].body.tool_choice).toEqual({ type: "function", function: { name: "t" } });
    expect(wire.requests[0].body.response_format).toBeUndefined();
  });

  it("a provider without vision refuses images instead of sending them", async () => {
    const wire = fakeOpenAI(() => ({ body: completion('{"title":"T"}') }));
    const provider = createProvider({ providerId: "deepseek", apiKey: "sk-test-123456", fetch: wire.fetch });
    const error = await provider
      .textModel!.generate({ model: "deepseek-chat", system: "s", prompt: "p", schema: Title, schemaName: "t", images: [{ url: "https://cdn.example/a.jpg" }] })
      .catch((e) => e);
    expect(error.kind).toBe("bad_request");
    expect(wire.requests).toHaveLength(0);
  });

  it("Ollama needs inline images: a remote URL is refused, a data URL is sent", async () => {
    const wire = fakeOpenAI(() => ({ body: completion('{"title":"T"}') }));
    const provider = createProvider({ providerId: "ollama", apiKey: "", baseUrl: "http://127.0.0.1:11434/v1/", fetch: wire.fetch });
    const base = { model: "llava", system: "s", prompt: "p", schema: Title, schemaName: "t" };
    const refused = await provider.textModel!.generate({ ...base, images: [{ url: "https://cdn.example/a.jpg" }] }).catch((e) => e);
    expect(refused.kind).toBe("bad_request");
    expect(refused.message).toMatch(/inline/);
    await provider.textModel!.generate({ ...base, images: [{ base64: "aGVsbG8=", mediaType: "image/png" }] });
    expect(wire.requests[0].body.messages[1].content[1]).toEqual({ type: "image_url", image_url: { url: "data:image/png;base64,aGVsbG8=" } });
  });

  it("429 insufficient_quota is not retried (retrying cannot refill a quota)", async () => {
    const wire = fakeOpenAI(() => ({
      status: 429,
      body: { error: { message: "You exceeded your current quota, please check your plan and billing details.", type: "insufficient_quota", code: "insufficient_quota" } },
    }));
    const provider = createProvider({ providerId: "openai", apiKey: "sk-test-123456", fetch: wire.fetch, transport: { maxRetries: 2 } });
    const error = await provider.textModel!.generate({ model: "gpt-4o-mini", system: "s", prompt: "p", schema: Title, schemaName: "t" }).catch((e) => e);
    expect(error.kind).toBe("quota");
    expect(wire.requests).toHaveLength(1);
  });

  it("OpenRouter's connection test proves the key with one token (its models list is public)", async () => {
    const wire = fakeOpenAI((req) =>
      req.url.endsWith("/chat/completions")
        ? { status: 401, body: { error: { message: "No auth credentials found", code: 401 } } }
        : { body: { object: "list", data: [] } },
    );
    const provider = createProvider({ providerId: "openrouter", apiKey: "sk-or-v1-bad", fetch: wire.fetch, transport: { maxRetries: 0 } });
    const result = await provider.testConnection();
    expect(result.ok).toBe(false);
    expect(result.error?.kind).toBe("auth");
    expect(wire.requests[0].url).toBe("https://openrouter.ai/api/v1/chat/completions");
  });
});

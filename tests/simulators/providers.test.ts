// The provider simulators, exercised through each provider's official SDK pointed at the
// simulator by base URL: if an SDK works unmodified against them, they speak its protocol.
import Anthropic from "@anthropic-ai/sdk";
import { zodOutputFormat } from "@anthropic-ai/sdk/helpers/zod";
import { Mistral } from "@mistralai/mistralai";
import { MistralError } from "@mistralai/mistralai/models/errors";
import * as deepl from "deepl-node";
import OpenAI from "openai";
import { LengthFinishReasonError } from "openai/core/error";
import { zodResponseFormat } from "openai/helpers/zod";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startProviderSimulator, type ProviderSimulator } from "./providers/server";

const KEY = "sk-sim-test-0123456789";
const PRODUCT_PROMPT = [
  "Rewrite this product for our online store.",
  "Title: Merino Wool Beanie",
  "Vendor: Northwind Knits",
  "Product type: Hats",
  "Tags: winter, knitwear",
  "Description: <p>A warm navy beanie.</p>",
  "Write the description as HTML.",
].join("\n");

const ProductCopy = z.object({
  title: z.string().max(255),
  descriptionHtml: z.string(),
  seo: z.object({ title: z.string().max(70), description: z.string().max(320) }),
  tags: z.array(z.string()).min(3).max(10),
});

// A stable instruction block longer than 1,024 tokens: what prompt caching is for.
const BRAND_GUIDE = Array.from(
  { length: 60 },
  (_, i) => `Guideline ${i + 1}: write warmly and precisely, mention materials and care, avoid superlatives, keep sentences short.`,
).join("\n");

const words = (html: string) => (html.replace(/<[^>]*>/g, " ").match(/\S+/g) ?? []).length;
const completionRequests = (sim: ProviderSimulator, path: string) => sim.requests().filter((r) => r.path === path);

function expectProductCopy(copy: z.infer<typeof ProductCopy>) {
  expect(copy.title).toContain("Merino Wool Beanie");
  expect(copy.title.length).toBeGreaterThanOrEqual(40);
  expect(copy.title.length).toBeLessThanOrEqual(90);
  expect(words(copy.descriptionHtml)).toBeGreaterThanOrEqual(120);
  expect(words(copy.descriptionHtml)).toBeLessThanOrEqual(250);
  expect(copy.descriptionHtml).toMatch(/<p>[\s\S]*<ul><li><strong>/);
  expect(copy.seo.title).toContain("Merino Wool Beanie");
  expect(copy.tags).toContain("winter");
}

describe("OpenAI simulator through the openai SDK", () => {
  let sim: ProviderSimulator;
  let client: OpenAI;
  beforeAll(async () => {
    sim = await startProviderSimulator({ kind: "openai", keys: [KEY] });
    client = new OpenAI({ apiKey: KEY, baseURL: `${sim.url}/v1`, maxRetries: 2 });
  });
  afterEach(() => sim.reset());
  afterAll(() => sim.close());

  it("answers chat.completions.parse with a zod schema, derived from the prompt, with usage", async () => {
    const completion = await client.chat.completions.parse({
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "You are a product copywriter." },
        { role: "user", content: PRODUCT_PROMPT },
      ],
      response_format: zodResponseFormat(ProductCopy, "product_copy"),
    });
    const parsed = completion.choices[0].message.parsed!;
    expectProductCopy(parsed);
    expect(completion.usage!.prompt_tokens).toBeGreaterThan(50);
    expect(completion.usage!.completion_tokens).toBeGreaterThan(150);
    expect(sim.stats()).toMatchObject({
      requests: 1,
      inputTokens: completion.usage!.prompt_tokens,
      outputTokens: completion.usage!.completion_tokens,
    });
    expect(sim.requests()[0].headers.authorization).toBeUndefined();
  });

  it("gives the same answer to the same prompt", async () => {
    const ask = () => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: `${PRODUCT_PROMPT}\nWrite a title.` }] });
    const [a, b] = [await ask(), await ask()];
    expect(a.choices[0].message.content).toBe(b.choices[0].message.content);
    expect(a.choices[0].message.content).toContain("Merino Wool Beanie");
  });

  it("reports cached tokens for a repeated prompt prefix of 1,024+ tokens, in 128-token steps", async () => {
    const ask = (product: string) =>
      client.chat.completions.create({
        model: "gpt-4o-mini",
        messages: [
          { role: "system", content: BRAND_GUIDE },
          { role: "user", content: `Title: ${product}\nWrite a title.` },
        ],
      });
    const first = await ask("Merino Wool Beanie");
    const second = await ask("Linen Tea Towel");
    expect(first.usage!.prompt_tokens).toBeGreaterThan(1024);
    expect(first.usage!.prompt_tokens_details!.cached_tokens).toBe(0);
    const cached = second.usage!.prompt_tokens_details!.cached_tokens!;
    expect(cached).toBeGreaterThanOrEqual(1024);
    expect(cached % 128).toBe(0);
    expect(cached).toBeLessThan(second.usage!.prompt_tokens);
    expect(sim.stats().cachedInputTokens).toBe(cached);
  });

  it("answers an injected 429 that the SDK's own retry gets past", async () => {
    sim.inject({ status: 429, retryAfterSeconds: 0.01 });
    const completion = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: PRODUCT_PROMPT }] });
    expect(completion.choices[0].message.content).toBeTruthy();
    expect(completionRequests(sim, "/v1/chat/completions").map((r) => r.status)).toEqual([429, 200]);
    expect(sim.stats().throttled).toBe(1);
  });

  it("enforces requests per minute with 429, retry-after and x-ratelimit headers", async () => {
    sim.setLimits({ rpm: 2 });
    const noRetry = new OpenAI({ apiKey: KEY, baseURL: `${sim.url}/v1`, maxRetries: 0 });
    const ask = () => noRetry.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Write a title for: Oak Serving Board" }] });
    const { response } = await ask().withResponse();
    expect(response.headers.get("x-ratelimit-limit-requests")).toBe("2");
    expect(response.headers.get("x-ratelimit-remaining-requests")).toBe("1");
    await ask();
    const error = await ask().catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.code).toBe("rate_limit_exceeded");
    expect(Number(error.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(error.headers.get("x-ratelimit-remaining-requests")).toBe("0");
  });

  it("can answer 429 insufficient_quota", async () => {
    sim.inject({ errorCode: "insufficient_quota", count: 3 });
    const error = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }, { maxRetries: 0 }).catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.code).toBe("insufficient_quota");
  });

  it("cuts output at max_completion_tokens with finish_reason length, which parse() refuses", async () => {
    const error = await client.chat.completions
      .parse({
        model: "gpt-4o-mini",
        max_completion_tokens: 20,
        messages: [{ role: "user", content: PRODUCT_PROMPT }],
        response_format: zodResponseFormat(ProductCopy, "product_copy"),
      })
      .catch((e) => e);
    expect(error).toBeInstanceOf(LengthFinishReasonError);
  });

  it("injects content faults: hostile HTML and schema violations", async () => {
    sim.inject({ kind: "hostile-html" });
    const hostile = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: PRODUCT_PROMPT }],
      response_format: zodResponseFormat(ProductCopy, "product_copy"),
    });
    const copy = JSON.parse(hostile.choices[0].message.content!);
    expect(copy.descriptionHtml).toMatch(/<script>/);
    expect(copy.descriptionHtml).toMatch(/onerror=|javascript:/);
    expect(copy.descriptionHtml).toMatch(/Ignore previous instructions/);

    sim.inject({ kind: "schema-violation" });
    const error = await client.chat.completions
      .parse({ model: "gpt-4o-mini", messages: [{ role: "user", content: PRODUCT_PROMPT }], response_format: zodResponseFormat(ProductCopy, "product_copy") })
      .catch((e) => e);
    expect(error).toBeInstanceOf(Error);
  });

  it("lists models, and answers unknown models and wrong keys as OpenAI does", async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toContain("gpt-4o-mini");
    const unknown = await client.chat.completions.create({ model: "gpt-0", messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect(unknown.code).toBe("model_not_found");
    const wrong = new OpenAI({ apiKey: "sk-wrong-key-000000", baseURL: `${sim.url}/v1`, maxRetries: 0 });
    const denied = await wrong.models.list().catch((e) => e);
    expect(denied).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(denied.code).toBe("invalid_api_key");
  });

  it("counts tokens per minute (prompt + max_completion_tokens) and answers type tokens when exceeded", async () => {
    sim.setLimits({ tpm: 1_000 });
    const ask = () =>
      client.chat.completions.create(
        { model: "gpt-4o-mini", max_completion_tokens: 600, messages: [{ role: "user", content: "Write a title for: Oak Serving Board" }] },
        { maxRetries: 0 },
      );
    await ask();
    const error = await ask().catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.type).toBe("tokens");
    expect(error.message).toContain("tokens per min (TPM): Limit 1000");
  });

  it("streams chunks that the SDK assembles into the same parsed answer, with usage", async () => {
    const request = {
      model: "gpt-4o-mini",
      messages: [{ role: "user" as const, content: PRODUCT_PROMPT }],
      response_format: zodResponseFormat(ProductCopy, "product_copy"),
    };
    const whole = await client.chat.completions.parse(request);
    const stream = client.chat.completions.stream({ ...request, stream_options: { include_usage: true } });
    const final = await stream.finalChatCompletion();
    expect(final.choices[0].message.parsed).toEqual(whole.choices[0].message.parsed);
    expect(final.usage?.completion_tokens).toBe(whole.usage?.completion_tokens);
  });

  it("answers malformed and truncated JSON when told to", async () => {
    const ask = () =>
      client.chat.completions.create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: PRODUCT_PROMPT }],
        response_format: zodResponseFormat(ProductCopy, "product_copy"),
      });
    sim.inject({ kind: "malformed-json" });
    const malformed = await ask();
    expect(() => JSON.parse(malformed.choices[0].message.content!)).toThrow(SyntaxError);
    sim.inject({ kind: "truncated" });
    const truncated = await ask();
    expect(truncated.choices[0].finish_reason).toBe("length");
    expect(() => JSON.parse(truncated.choices[0].message.content!)).toThrow(SyntaxError);
    sim.inject({ kind: "empty-choices" });
    expect((await ask()).choices).toEqual([]);
  });

  it("refuses what OpenAI refuses: a schema strict mode cannot take, max_tokens on a reasoning model", async () => {
    const loose = await client.chat.completions
      .create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: PRODUCT_PROMPT }],
        response_format: { type: "json_schema", json_schema: { name: "copy", strict: true, schema: { type: "object", properties: { title: { type: "string" } } } } },
      })
      .catch((e) => e);
    expect(loose).toBeInstanceOf(OpenAI.BadRequestError);
    expect(loose.message).toContain("'additionalProperties' is required to be supplied and to be false");

    const reasoning = await client.chat.completions.create({ model: "gpt-5-mini", max_tokens: 500, messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
    expect(reasoning).toBeInstanceOf(OpenAI.BadRequestError);
    expect(reasoning.code).toBe("unsupported_parameter");
    const answered = await client.chat.completions.create({ model: "gpt-5-mini", max_completion_tokens: 2000, messages: [{ role: "user", content: `${PRODUCT_PROMPT}\nWrite a title.` }] });
    const details = answered.usage!.completion_tokens_details!;
    expect(details.reasoning_tokens).toBeGreaterThan(0);
    expect(answered.usage!.completion_tokens).toBeGreaterThan(details.reasoning_tokens!);
  });

  it("is driven from another process through /__sim control endpoints", async () => {
    await fetch(`${sim.url}/__sim/faults`, { method: "POST", body: JSON.stringify({ status: 503 }) });
    const error = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }, { maxRetries: 0 }).catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    const stats = await (await fetch(`${sim.url}/__sim/stats`)).json();
    expect(stats.requests).toBe(1);
  });
});

describe("Anthropic simulator through @anthropic-ai/sdk", () => {
  let sim: ProviderSimulator;
  let client: Anthropic;
  beforeAll(async () => {
    sim = await startProviderSimulator({ kind: "anthropic", keys: [KEY] });
    client = new Anthropic({ apiKey: KEY, baseURL: sim.url, maxRetries: 2 });
  });
  afterEach(() => sim.reset());
  afterAll(() => sim.close());

  it("answers messages.parse with output_config.format from zod", async () => {
    const message = await client.messages.parse({
      model: "claude-sonnet-4-6",
      max_tokens: 2048,
      messages: [{ role: "user", content: PRODUCT_PROMPT }],
      output_config: { format: zodOutputFormat(ProductCopy) },
    });
    expectProductCopy(message.parsed_output!);
    expect(message.stop_reason).toBe("end_turn");
    expect(message.usage.input_tokens).toBeGreaterThan(50);
    expect(message.usage.output_tokens).toBeGreaterThan(150);
  });

  it("answers a forced tool call with tool_use input valid for the tool's schema", async () => {
    const message = await client.messages.create({
      model: "claude-haiku-4-5",
      max_tokens: 2048,
      tools: [{ name: "save_copy", description: "Save the product copy", input_schema: z.toJSONSchema(ProductCopy) as Anthropic.Tool.InputSchema }],
      tool_choice: { type: "tool", name: "save_copy" },
      messages: [{ role: "user", content: PRODUCT_PROMPT }],
    });
    expect(message.stop_reason).toBe("tool_use");
    const block = message.content.find((b) => b.type === "tool_use");
    expect(block?.type === "tool_use" && block.name).toBe("save_copy");
    expectProductCopy(ProductCopy.parse(block?.type === "tool_use" ? block.input : undefined));
  });

  it("writes a cache_control prefix once and reads it on the next identical prefix", async () => {
    const ask = (product: string) =>
      client.messages.create({
        model: "claude-sonnet-4-6",
        max_tokens: 256,
        system: [{ type: "text", text: BRAND_GUIDE, cache_control: { type: "ephemeral" } }],
        messages: [{ role: "user", content: `Title: ${product}\nWrite a title.` }],
      });
    const first = await ask("Merino Wool Beanie");
    const second = await ask("Linen Tea Towel");
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(1024);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    // input_tokens excludes cached tokens: only the uncached tail is billed at full price.
    expect(second.usage.input_tokens).toBeLessThan(100);
    expect(sim.stats().cachedInputTokens).toBe(second.usage.cache_read_input_tokens);
  });

  it("caches nothing below the model's minimum cacheable length", async () => {
    const message = await client.messages.create({
      model: "claude-sonnet-4-6",
      max_tokens: 256,
      system: [{ type: "text", text: "You write product titles.", cache_control: { type: "ephemeral" } }],
      messages: [{ role: "user", content: "Title: Oak Serving Board\nWrite a title." }],
    });
    expect(message.usage.cache_creation_input_tokens).toBe(0);
    expect(message.usage.cache_read_input_tokens).toBe(0);
  });

  it("answers an injected 429 that the SDK's own retry gets past, with anthropic-ratelimit headers", async () => {
    sim.inject({ status: 429, retryAfterSeconds: 0.01 });
    const { data, response } = await client.messages
      .create({ model: "claude-haiku-4-5", max_tokens: 512, messages: [{ role: "user", content: PRODUCT_PROMPT }] })
      .withResponse();
    expect(data.content[0].type).toBe("text");
    expect(completionRequests(sim, "/v1/messages").map((r) => r.status)).toEqual([429, 200]);
    expect(Date.parse(response.headers.get("anthropic-ratelimit-requests-reset")!)).not.toBeNaN();
  });

  it("streams events that the SDK assembles into the same message", async () => {
    const request = { model: "claude-haiku-4-5", max_tokens: 1024, messages: [{ role: "user" as const, content: `${PRODUCT_PROMPT}\nWrite a title.` }] };
    const whole = await client.messages.create(request);
    const streamed = await client.messages.stream(request).finalMessage();
    expect(streamed.content).toEqual(whole.content);
    expect(streamed.usage.output_tokens).toBe(whole.usage.output_tokens);
  });

  it("stops at max_tokens with stop_reason max_tokens, which parse() refuses", async () => {
    const error = await client.messages
      .parse({ model: "claude-haiku-4-5", max_tokens: 30, messages: [{ role: "user", content: PRODUCT_PROMPT }], output_config: { format: zodOutputFormat(ProductCopy) } })
      .catch((e) => e);
    expect(error).toBeInstanceOf(Anthropic.AnthropicError);
    const cut = await client.messages.create({ model: "claude-haiku-4-5", max_tokens: 30, messages: [{ role: "user", content: PRODUCT_PROMPT }] });
    expect(cut.stop_reason).toBe("max_tokens");
    expect(cut.usage.output_tokens).toBe(30);
  });

  it("enforces requests per minute with rate_limit_error and retry-after", async () => {
    sim.setLimits({ rpm: 1 });
    const ask = () => client.messages.create({ model: "claude-haiku-4-5", max_tokens: 64, messages: [{ role: "user", content: "hi" }] }, { maxRetries: 0 });
    await ask();
    const error = await ask().catch((e) => e);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(error.type).toBe("rate_limit_error");
    expect(Number(error.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(error.headers.get("anthropic-ratelimit-requests-remaining")).toBe("0");
  });

  it("answers wrong keys and unknown models as Anthropic does", async () => {
    const wrong = new Anthropic({ apiKey: "sk-ant-wrong", baseURL: sim.url, maxRetries: 0 });
    const denied = await wrong.messages.create({ model: "claude-haiku-4-5", max_tokens: 10, messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
    expect(denied).toBeInstanceOf(Anthropic.AuthenticationError);
    const unknown = await client.messages.create({ model: "claude-0", max_tokens: 10, messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
    expect(unknown).toBeInstanceOf(Anthropic.NotFoundError);
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toContain("claude-haiku-4-5");
  });
});

describe("Mistral simulator through @mistralai/mistralai", () => {
  let sim: ProviderSimulator;
  let client: Mistral;
  beforeAll(async () => {
    sim = await startProviderSimulator({ kind: "mistral", keys: [KEY] });
    client = new Mistral({ apiKey: KEY, serverURL: sim.url });
  });
  afterEach(() => sim.reset());
  afterAll(() => sim.close());

  it("answers chat.parse with a json_schema response format, with usage", async () => {
    const response = await client.chat.parse({
      model: "mistral-small-latest",
      messages: [{ role: "user", content: PRODUCT_PROMPT }],
      responseFormat: ProductCopy,
    });
    expectProductCopy(ProductCopy.parse(response.choices![0].message!.parsed));
    expect(response.usage.promptTokens).toBeGreaterThan(50);
    expect(response.usage.totalTokens).toBe(response.usage.promptTokens! + response.usage.completionTokens!);
    const sent = sim.requests()[0].body as { response_format: { type: string; json_schema: { schema: unknown } } };
    expect(sent.response_format.type).toBe("json_schema");
  });

  it("answers an injected 429 that an explicit retryConfig gets past", async () => {
    sim.inject({ status: 429, retryAfterSeconds: 0 });
    const response = await client.chat.complete(
      { model: "mistral-small-latest", messages: [{ role: "user", content: PRODUCT_PROMPT }] },
      {
        retries: { strategy: "backoff", backoff: { initialInterval: 10, maxInterval: 50, exponent: 1.5, maxElapsedTime: 5_000 }, retryConnectionErrors: false },
      },
    );
    expect(response.choices[0].message?.content).toBeTruthy();
    expect(completionRequests(sim, "/v1/chat/completions").map((r) => r.status)).toEqual([429, 200]);
  });

  it("lists models and answers a wrong key with 401", async () => {
    const models = await client.models.list();
    expect(models.data?.map((m) => ("id" in m ? m.id : undefined))).toContain("mistral-small-latest");
    const wrong = new Mistral({ apiKey: "wrong", serverURL: sim.url });
    const denied = await wrong.models.list().catch((e) => e);
    expect(denied).toBeInstanceOf(MistralError);
    expect(denied.statusCode).toBe(401);
  });
});

describe("DeepL simulator through deepl-node", () => {
  let sim: ProviderSimulator;
  let translator: deepl.Translator;
  const html = '<p class="lead">Our <strong>organic cotton</strong> beanie keeps you warm.</p><ul><li>Machine wash cold</li></ul>';
  beforeAll(async () => {
    sim = await startProviderSimulator({ kind: "deepl", keys: [KEY], characterQuota: 1_000 });
    translator = new deepl.Translator(KEY, { serverUrl: sim.url, maxRetries: 0 });
  });
  afterEach(() => sim.reset());
  afterAll(() => sim.close());

  it("translates HTML keeping every tag and attribute, billing text characters only", async () => {
    const result = await translator.translateText(html, "en", "de", { tagHandling: "html" });
    expect(result.text.match(/<[^>]+>/g)).toEqual(html.match(/<[^>]+>/g));
    expect(result.text).not.toBe(html);
    expect(result.text).toContain("Baumwolle");
    const textOnly = html.replace(/<[^>]+>/g, "");
    expect(result.billedCharacters).toBe([...textOnly].length);
    expect(result.detectedSourceLang).toBe("en");
  });

  it("reports usage and answers a spent quota with 456 (QuotaExceededError)", async () => {
    await translator.translateText(["Soft beanie", "Warm scarf"], null, "fr");
    const usage = await translator.getUsage();
    expect(usage.character?.count).toBe("Soft beanie".length + "Warm scarf".length);
    expect(usage.character?.limit).toBe(1_000);
    const long = "x".repeat(1_000);
    await expect(translator.translateText(long, "en", "fr")).rejects.toBeInstanceOf(deepl.QuotaExceededError);
    expect(sim.stats().characters).toBe(usage.character?.count);
  });

  it("creates a glossary and applies it", async () => {
    const glossary = await translator.createGlossary("Catalog terms", "en", "de", new deepl.GlossaryEntries({ entries: { beanie: "Strickmütze" } }));
    expect(glossary.entryCount).toBe(1);
    const result = await translator.translateText("A merino beanie for winter", "en", "de", { glossary });
    expect(result.text).toContain("Strickmütze");
    expect((await translator.listGlossaries()).map((g) => g.glossaryId)).toEqual([glossary.glossaryId]);
  });

  it("creates a multilingual (v3) glossary with DeepLClient and applies it", async () => {
    const client = new deepl.DeepLClient(KEY, { serverUrl: sim.url, maxRetries: 0 });
    const glossary = await client.createMultilingualGlossary("Catalog terms", [
      { sourceLangCode: "en", targetLangCode: "fr", entries: new deepl.GlossaryEntries({ entries: { beanie: "bonnet tricoté" } }) },
    ]);
    expect(glossary.dictionaries).toEqual([{ sourceLangCode: "en", targetLangCode: "fr", entryCount: 1 }]);
    const result = await client.translateText("Merino beanie", "en", "fr", { glossary: glossary.glossaryId });
    expect(result.text).toContain("bonnet tricoté");
  });

  it("answers a wrong key with 403 (AuthorizationError)", async () => {
    const wrong = new deepl.Translator("wrong-key:fx", { serverUrl: sim.url, maxRetries: 0 });
    await expect(wrong.getUsage()).rejects.toBeInstanceOf(deepl.AuthorizationError);
  });
});

describe("Gemini and Ollama OpenAI-compatible simulators through the openai SDK", () => {
  let gemini: ProviderSimulator;
  let ollama: ProviderSimulator;
  beforeAll(async () => {
    gemini = await startProviderSimulator({ kind: "gemini", keys: [KEY] });
    ollama = await startProviderSimulator({ kind: "ollama" });
  });
  afterAll(async () => {
    await gemini.close();
    await ollama.close();
  });

  it("Gemini: structured output at /v1beta/openai/, models, and Google's answer to a wrong key", async () => {
    const client = new OpenAI({ apiKey: KEY, baseURL: `${gemini.url}/v1beta/openai/`, maxRetries: 0 });
    const completion = await client.chat.completions.parse({
      model: "gemini-2.5-flash",
      messages: [{ role: "user", content: PRODUCT_PROMPT }],
      response_format: zodResponseFormat(ProductCopy, "product_copy"),
    });
    expectProductCopy(completion.choices[0].message.parsed!);
    expect(completion.usage!.prompt_tokens).toBeGreaterThan(50);
    expect((await client.models.list()).data.map((m) => m.id)).toContain("models/gemini-2.5-flash");
    const wrong = new OpenAI({ apiKey: "wrong", baseURL: `${gemini.url}/v1beta/openai/`, maxRetries: 0 });
    const denied = await wrong.chat.completions.create({ model: "gemini-2.5-flash", messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
    // Google answers an invalid key with 400 INVALID_ARGUMENT / API_KEY_INVALID, not 401.
    expect(denied).toBeInstanceOf(OpenAI.BadRequestError);
    expect(denied.message).toContain("API key not valid");
  });

  it("Ollama: /v1 chat with any key, and the native /api/chat with a format schema and /api/tags", async () => {
    const client = new OpenAI({ apiKey: "ollama", baseURL: `${ollama.url}/v1`, maxRetries: 0 });
    const completion = await client.chat.completions.parse({
      model: "llama3.2",
      messages: [{ role: "user", content: PRODUCT_PROMPT }],
      response_format: zodResponseFormat(ProductCopy, "product_copy"),
    });
    expectProductCopy(completion.choices[0].message.parsed!);

    const native = await fetch(`${ollama.url}/api/chat`, {
      method: "POST",
      body: JSON.stringify({ model: "llama3.2", stream: false, format: z.toJSONSchema(ProductCopy), messages: [{ role: "user", content: PRODUCT_PROMPT }] }),
    }).then((r) => r.json());
    expectProductCopy(ProductCopy.parse(JSON.parse(native.message.content)));
    expect(native.prompt_eval_count).toBeGreaterThan(50);
    expect(native.eval_count).toBeGreaterThan(150);

    const streamed = await fetch(`${ollama.url}/api/chat`, {
      method: "POST",
      body: JSON.stringify({ model: "llama3.2", messages: [{ role: "user", content: `${PRODUCT_PROMPT}\nWrite a title.` }] }),
    }).then((r) => r.text());
    const lines = streamed.trim().split("\n").map((line) => JSON.parse(line));
    expect(lines.at(-1)).toMatchObject({ done: true, done_reason: "stop" });
    expect(lines.map((l) => l.message.content).join("")).toContain("Merino Wool Beanie");

    const tags = await fetch(`${ollama.url}/api/tags`).then((r) => r.json());
    expect(tags.models.map((m: { name: string }) => m.name)).toContain("llama3.2:latest");
  });
});

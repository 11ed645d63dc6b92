// Every provider a merchant can pick, as data: which adapter family serves it, where it
// lives, how it authenticates, how its models are listed and what it can do. The UI's add
// form, the connection test and the factory all read this table.

export type ProviderFamily = "openai" | "anthropic" | "mistral" | "deepl";

export type ProviderId =
  | "openai"
  | "anthropic"
  | "mistral"
  | "deepl"
  | "gemini"
  | "ollama"
  | "azure-openai"
  | "groq"
  | "openrouter"
  | "deepseek"
  | "xai"
  | "together"
  | "fireworks"
  | "perplexity"
  | "lmstudio"
  | "custom-openai";

/** How the key travels (informational for the add form; the SDK does the sending). */
export type AuthStyle =
  | "bearer" // Authorization: Bearer <key>
  | "api-key-header" // api-key: <key> (Azure)
  | "deepl-auth-key" // Authorization: DeepL-Auth-Key <key>
  | "none"; // local servers ignore keys

/**
 * How structured output is requested:
 * - json_schema_strict: response_format json_schema with strict: true (OpenAI, Azure);
 * - json_schema: a JSON-schema mode without OpenAI's strict guarantee (the answer is still zod-checked);
 * - json_object: JSON mode, the schema goes into the system prompt;
 * - tool_call: a forced call of one tool whose parameters are the schema.
 */
export type StructuredOutputMode = "json_schema_strict" | "json_schema" | "json_object" | "tool_call";

export interface ProviderCapabilities {
  jsonSchema: boolean;
  tools: boolean;
  vision: boolean;
  translation: boolean;
  batch: boolean;
  /** automatic (OpenAI-style, prefix ≥ 1024 tokens), explicit (cache_control marks), or none. */
  promptCaching: "automatic" | "explicit" | "none";
}

export interface ProviderSettingField {
  name: string;
  label: string;
  required: boolean;
  defaultValue?: string;
  helpText: string;
  options?: string[];
}

export interface ProviderDefinition {
  id: ProviderId;
  displayName: string;
  family: ProviderFamily;
  /** Undefined only where the merchant must give one (Azure resource, custom). */
  defaultBaseUrl?: string;
  baseUrlRequired: boolean;
  /** Local servers (Ollama, LM Studio): reachable only when self-hosting is allowed. */
  local: boolean;
  authStyle: AuthStyle;
  keyRequired: boolean;
  /** Shape of the key, for the add form's hint. */
  keyHint: string;
  /** Where the key is created. */
  keyUrl?: string;
  /** "endpoint": the provider's models list; "curated": our list (no usable endpoint). */
  modelSource: "endpoint" | "curated";
  /** Suggested models (the curated list, or defaults while the endpoint is not yet read). */
  models: string[];
  structuredOutput: StructuredOutputMode;
  /** How images reach the model: any URL, base64 only (data: URLs), or not at all. */
  imageInput: "url" | "base64" | "none";
  /** OpenAI's newer name for the output limit; most compatible servers only know max_tokens. */
  maxTokensParam: "max_completion_tokens" | "max_tokens";
  /** The cheap real call that proves the key. */
  connectionTest: "list-models" | "tiny-completion" | "usage";
  capabilities: ProviderCapabilities;
  settings: ProviderSettingField[];
}

function def(d: Omit<ProviderDefinition, "settings"> & { settings?: ProviderSettingField[] }): ProviderDefinition {
  return { settings: [], ...d };
}

export const PROVIDERS: readonly ProviderDefinition[] = [
  def({
    id: "openai",
    displayName: "OpenAI",
    family: "openai",
    defaultBaseUrl: "https://api.openai.com/v1",
    baseUrlRequired: false,
    local: false,
    authStyle: "bearer",
    keyRequired: true,
    keyHint: "sk-… (project keys start with sk-proj-)",
    keyUrl: "https://platform.openai.com/api-keys",
    modelSource: "endpoint",
    models: ["gpt-4o-mini", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-4o", "gpt-5-mini"],
    structuredOutput: "json_schema_strict",
    imageInput: "url",
    maxTokensParam: "max_completion_tokens",
    connectionTest: "list-models",
    capabilities: { jsonSchema: true, tools: true, vision: true, translation: false, batch: true, promptCaching: "automatic" },
  }),
  def({
    id: "anthropic",
    displayName: "Anthropic (Claude)",
    family: "anthropic",
    defaultBaseUrl: "https://api.anthropic.com",
    baseUrlRequired: false,
    local: false,
    authStyle: "bearer",
    keyRequired: true,
    keyHint: "sk-ant-…",
    keyUrl: "https://console.anthropic.com/settings/keys",
    modelSource: "endpoint",
    models: ["claude-haiku-4-5", "claude-sonnet-4-6", "claude-sonnet-4"],
    structuredOutput: "json_schema",
    imageInput: "url",
    maxTokensParam: "max_tokens",
    connectionTest: "list-models",
    capabilities: { jsonSchema: true, tools: true, vision: true, translation: false, batch: true, promptCaching: "explicit" },
  }),
  def({
    id: "mistral",
    displayName: "Mistral AI",
    family: "mistral",
    // The Mistral SDK adds /v1 itself.
    defaultBaseUrl: "https://api.mistral.ai",
    baseUrlRequired: false,
    local: false,
    authStyle: "bearer",
    keyRequired: true,
    keyHint: "32 letters and digits",
    keyUrl: "https://console.mistral.ai/api-keys",
    modelSource: "endpoint",
    models: ["mistral-small-latest", "mistral-medium-latest", "mistral-large-latest"],
    structuredOutput: "json_schema_strict",
    imageInput: "url",
    maxTokensParam: "max_tokens",
    connectionTest: "list-models",
    capabilities: { jsonSchema: true, tools: true, vision: true, translation: false, batch: true, promptCaching: "none" },
  }),
  def({
    id: "deepl",
    displayName: "DeepL",
    family: "deepl",
    // Keys ending in ":fx" belong to DeepL API Free and go to api-free.deepl.com.
    defaultBaseUrl: "https://api.deepl.com",
    baseUrlRequired: false,
    local: false,
    authStyle: "deepl-auth-key",
    keyRequired: true,
    keyHint: "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (Free keys end in :fx)",
    keyUrl: "https://www.deepl.com/your-account/keys",
    modelSource: "curated",
    models: ["deepl"],
    structuredOutput: "json_object",
    imageInput: "none",
    maxTokensParam: "max_tokens",
    connectionTest: "usage",
    capabilities: { jsonSchema: false, tools: false, vision: false, translation: true, batch: false, promptCaching: "none" },
  }),
  def({
    id: "gemini",
    displayName: "Google Gemini",
    family: "openai",
    defaultBaseUrl: "https://generativelanguage.googleapis.com/v1beta/openai/",
    baseUrlRequired: false,
    local: false,
    authStyle: "bearer",
    keyRequired: true,
    keyHint: "AIza…",
    keyUrl: "https://aistudio.google.com/apikey",
    modelSource: "endpoint",
    models: ["gemini-2.5-flash", "gemini-2.0-flash", "gemini-2.5-pro"],
    structuredOutput: "json_schema",
    imageInput: "url",
    maxTokensParam: "max_tokens",
    connectionTest: "list-models",
    capabilities: { jsonSchema: true, tools: true, vision: true, translation: false, batch: true, promptCaching: "automatic" },
  }),
  def({
    id: "ollama",
    displayName: "Ollama (local)",
    family: "openai",
    defaultBaseUrl: "http://localhost:11434/v1/",
    baseUrlRequired: false,
    local: true,
    authStyle: "none",
    keyRequired: false,
    keyHint: "No key needed",
    modelSource: "endpoint",
    models: ["llama3.2", "qwen2.5", "gemma3", "llava"],
    structuredOutput: "json_schema",
    // Ollama's OpenAI endpoint reads only inline (base64 data:) images, never remote URLs.
    imageInput: "base64",
    maxTokensParam: "max_tokens",
    connectionTest: "list-models",
    capabilities: { jsonSchema: true, tools: true, vision: true, translation: false, batch: false, promptCaching: "none" },
  }),
  def({
    id: "azure-openai",
    displayName: "Azure OpenAI",
    family: "openai",
    baseUrlRequired: true,
    local: false,
    authStyle: "api-key-header",
    keyRequired: true,
    keyHint: "Key 1 or Key 2 of the Azure OpenAI resource",
    keyUrl: "https://portal.azure.com/",
    // Deployments are the merchant's own names; the data-plane models list shows base models only.
    modelSource: "curated",
    models: [],
    structuredOutput: "json_schema_strict",
    imageInput: "url",
    maxTokensParam: "max_completion_tokens",
    connectionTest: "tiny-completion",
    capabilities: { jsonSchema: true, tools: true, vision: true, translation: false, batch: true, promptCaching: "automatic" },
    settings: [
      { name: "endpoint", label: "Resource endpoint", required: true, helpText: "e.g. https://my-resource.openai.azure.com (used as the base URL)" },
      { name: "deployment", label: "Deployment name", required: false, helpText: "The deployment to call; the model field can name another one." },
      { name: "apiVersion", label: "API version", required: false, defaultValue: "2024-10-21", helpText: "Azure OpenAI data-plane api-version." },
    ],
  }),
  def({
    id: "groq",
    displayName: "Groq",
    family: "openai",
    defaultBaseUrl: "https://api.groq.com/openai/v1",
    baseUrlRequired: false,
    local: false,
    authStyle: "bearer",
    keyRequired: true,
    keyHint: "gsk_…",
    keyUrl: "https://console.groq.com/keys",
    modelSource: "endpoint",
    models: ["llama-3.3-70b-versatile", "llama-3.1-8b-instant", "openai/gpt-oss-20b"],
    // JSON-schema mode exists only on some Groq models; JSON mode works on all of them.
    structuredOutput: "json_object",
    imageInput: "url",
    maxTokensParam: "max_tokens",
    connectionTest: "list-models",
    capabilities: { jsonSchema: false, tools: true, vision: true, translation: false, batch: true, promptCaching: "none" },
  }),
  def({
    id: "openrouter",
    displayName: "OpenRouter",
    family: "openai",
    defaultBaseUrl: "https://openrouter.ai/api/v1",
    baseUrlRequired: false,
    local: false,
    authStyle: "bearer",
    keyRequired: true,
    keyHint: "sk-or-v1-…",
    keyUrl: "https://openrouter.ai/settings/keys",
    modelSource: "endpoint",
    models: ["openai/gpt-4o-mini", "anthropic/claude-haiku-4.5", "google/gemini-2.5-flash"],
    structuredOutput: "json_schema",
    imageInput: "url",
    maxTokensParam: "max_tokens",
    // OpenRouter's models list is public, so it cannot prove a key: spend one token instead.
    connectionTest: "tiny-completion",
    capabilities: { jsonSchema: true, tools: true, vision: true, translation: false, batch: false, promptCaching: "automatic" },
  }),
  def({
    id: "deepseek",
    displayName: "DeepSeek",
    family: "openai",
    defaultBaseUrl: "https://api.deepseek.com/v1",
    baseUrlRequired: false,
    local: false,
    authStyle: "bearer",
    keyRequired: true,
    keyHint: "sk-…",
    keyUrl: "https://platform.deepseek.com/api_keys",
    modelSource: "endpoint",
    models: ["deepseek-chat"],
    structuredOutput: "json_object",
    imageInput: "none",
    maxTokensParam: "max_tokens",
    connectionTest: "list-models",
    capabilities: { jsonSchema: false, tools: true, vision: false, translation: false, batch: false, promptCaching: "automatic" },
  }),
  def({
    id: "xai",
    displayName: "xAI (Grok)",
    family: "openai",
    defaultBaseUrl: "https://api.x.ai/v1",
    baseUrlRequired: false,
    local: false,
    authStyle: "bearer",
    keyRequired: true,
    keyHint: "xai-…",
    keyUrl: "https://console.x.ai/",
    modelSource: "endpoint",
    models: ["grok-4", "grok-3-mini"],
    structuredOutput: "json_schema",
    imageInput: "url",
    maxTokensParam: "max_tokens",
    connectionTest: "list-models",
    capabilities: { jsonSchema: true, tools: true, vision: true, translation: false, batch: true, promptCaching: "automatic" },
  }),
  def({
    id: "together",
    displayName: "Together AI",
    family: "openai",
    defaultBaseUrl: "https://api.together.xyz/v1",
    baseUrlRequired: false,
    local: false,
    authStyle: "bearer",
    keyRequired: true,
    keyHint: "tgp_v1_… or 64 hex characters",
    keyUrl: "https://api.together.ai/settings/api-keys",
    modelSource: "endpoint",
    models: ["meta-llama/Llama-3.3-70B-Instruct-Turbo", "Qwen/Qwen2.5-72B-Instruct-Turbo"],
    structuredOutput: "json_schema",
    imageInput: "url",
    maxTokensParam: "max_tokens",
    connectionTest: "list-models",
    capabilities: { jsonSchema: true, tools: true, vision: true, translation: false, batch: true, promptCaching: "none" },
  }),
  def({
    id: "fireworks",
    displayName: "Fireworks AI",
    family: "openai",
    defaultBaseUrl: "https://api.fireworks.ai/inference/v1",
    baseUrlRequired: false,
    local: false,
    authStyle: "bearer",
    keyRequired: true,
    keyHint: "fw_…",
    keyUrl: "https://fireworks.ai/account/api-keys",
    modelSource: "endpoint",
    models: ["accounts/fireworks/models/llama-v3p3-70b-instruct", "accounts/fireworks/models/qwen2p5-72b-instruct"],
    structuredOutput: "json_schema",
    imageInput: "url",
    maxTokensParam: "max_tokens",
    connectionTest: "list-models",
    capabilities: { jsonSchema: true, tools: true, vision: true, translation: false, batch: true, promptCaching: "automatic" },
  }),
  def({
    id: "perplexity",
    displayName: "Perplexity",
    family: "openai",
    defaultBaseUrl: "https://api.perplexity.ai",
    baseUrlRequired: false,
    local: false,
    authStyle: "bearer",
    keyRequired: true,
    keyHint: "pplx-…",
    keyUrl: "https://www.perplexity.ai/settings/api",
    // Perplexity has no models endpoint.
    modelSource: "curated",
    models: ["sonar", "sonar-pro"],
    structuredOutput: "json_schema",
    imageInput: "url",
    maxTokensParam: "max_tokens",
    connectionTest: "tiny-completion",
    capabilities: { jsonSchema: true, tools: false, vision: true, translation: false, batch: false, promptCaching: "none" },
  }),
  def({
    id: "lmstudio",
    displayName: "LM Studio (local)",
    family: "openai",
    defaultBaseUrl: "http://localhost:1234/v1",
    baseUrlRequired: false,
    local: true,
    authStyle: "none",
    keyRequired: false,
    keyHint: "No key needed",
    modelSource: "endpoint",
    models: [],
    structuredOutput: "json_schema",
    imageInput: "url",
    maxTokensParam: "max_tokens",
    connectionTest: "list-models",
    capabilities: { jsonSchema: true, tools: true, vision: true, translation: false, batch: false, promptCaching: "none" },
  }),
  def({
    id: "custom-openai",
    displayName: "Custom OpenAI-compatible endpoint",
    family: "openai",
    baseUrlRequired: true,
    local: false,
    authStyle: "bearer",
    keyRequired: false,
    keyHint: "Whatever the server expects (vLLM, LiteLLM, llama.cpp…); leave empty if none",
    modelSource: "endpoint",
    models: [],
    // JSON mode is the most widely implemented; the merchant can choose another mode.
    structuredOutput: "json_object",
    imageInput: "url",
    maxTokensParam: "max_tokens",
    connectionTest: "list-models",
    capabilities: { jsonSchema: false, tools: true, vision: false, translation: false, batch: false, promptCaching: "none" },
    settings: [
      {
        name: "structuredOutput",
        label: "Structured output",
        required: false,
        defaultValue: "json_object",
        options: ["json_schema_strict", "json_schema", "json_object", "tool_call"],
        helpText: "How the server is asked for JSON: JSON-schema mode, JSON mode, or a forced tool call.",
      },
    ],
  }),
];

const BY_ID = new Map<string, ProviderDefinition>(PROVIDERS.map((p) => [p.id, p]));

export function getProviderDefinition(id: string): ProviderDefinition | undefined {
  return BY_ID.get(id);
}

export function isProviderId(id: string): id is ProviderId {
  return BY_ID.has(id);
}

/** DeepL Free keys end in ":fx" and live on another host. */
export function deeplBaseUrlForKey(apiKey: string): string {
  return apiKey.trim().endsWith(":fx") ? "https://api-free.deepl.com" : "https://api.deepl.com";
}

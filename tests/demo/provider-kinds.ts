// The provider kinds the demo runs a simulator for (one each).
import type { ProviderKind } from "../simulators/providers/types";

export type { ProviderKind };
export const PROVIDER_KINDS = ["openai", "anthropic", "mistral", "deepl", "gemini", "ollama"] as const satisfies readonly ProviderKind[];

// The provider picker's options, grouped the way a merchant looks for them: the big AI
// providers, services that speak OpenAI's API, and servers on the merchant's own machine.
import type { SelectGroup } from "@shopify/polaris";
import { getProviderDefinition, PROVIDERS, type ProviderDefinition } from "../../providers/registry";

const MAJOR = new Set(["openai", "anthropic", "gemini", "mistral", "deepl", "azure-openai"]);

function group(definition: ProviderDefinition): "major" | "compatible" | "local" {
  if (definition.local) return "local";
  return MAJOR.has(definition.id) ? "major" : "compatible";
}

export function providerSelectGroups(): SelectGroup[] {
  const titles = { major: "AI providers", compatible: "OpenAI-compatible services", local: "On your own server" } as const;
  return (["major", "compatible", "local"] as const).map((g) => ({
    title: titles[g],
    options: PROVIDERS.filter((p) => group(p) === g).map((p) => ({ label: p.displayName, value: p.id })),
  }));
}

export function providerName(id: string): string {
  return getProviderDefinition(id)?.displayName ?? id;
}

/** Azure's resource endpoint is its base URL; the form shows it in the base URL field. */
export const BASE_URL_SETTING = "endpoint";

/** Settings shown as their own fields (everything but Azure's endpoint, which is the base URL). */
export function settingFields(definition: ProviderDefinition) {
  return definition.settings.filter((s) => s.name !== BASE_URL_SETTING);
}

/** Whether the add form asks for a key: not for local servers that ignore keys. */
export function asksForKey(definition: ProviderDefinition): boolean {
  return definition.keyRequired || definition.authStyle !== "none";
}

// What the new-enrichment form needs to know before anything is chosen: which provider and
// model would do the work (or why none can), the shop's attributes and instructions in brief,
// and whether image alt text is possible with that model.
import { AssignmentError, resolveAssignment } from "../../assignments/assignments.server";
import { providerFits } from "../../assignments/context-rules";
import { getProviderDefinition } from "../../providers/registry";
import { DEFAULT_INSTRUCTIONS, type EnrichmentInstructions } from "../../enrichment/instructions";

export interface NewJobFormData {
  assignment:
    | {
        ok: true;
        provider: string;
        providerName: string;
        model: string;
        fallbackModel: string | null;
      }
    | { ok: false; message: string };
  attributes: { key: string; label: string }[];
  instructions: {
    language: string;
    languageName: string;
    tone: string;
    brandVoice: boolean;
  };
  visionReady: boolean;
}

export async function loadNewJobForm(shop: string, instructions: EnrichmentInstructions = DEFAULT_INSTRUCTIONS): Promise<NewJobFormData> {
  let assignment: NewJobFormData["assignment"];
  let visionReady = false;
  try {
    const resolved = await resolveAssignment(shop, "enrichment");
    const provider = resolved.primary.provider;
    assignment = {
      ok: true,
      provider,
      providerName: getProviderDefinition(provider)?.displayName ?? provider,
      model: resolved.primary.model,
      fallbackModel: resolved.fallback?.model ?? null,
    };
    visionReady = providerFits("vision", resolved.primary.provider);
  } catch (error) {
    if (!(error instanceof AssignmentError)) throw error;
    assignment = { ok: false, message: error.message };
  }
  return {
    assignment,
    attributes: instructions.attributes.map((a) => ({
      key: a.key,
      label: a.label,
    })),
    instructions: {
      language: instructions.language,
      languageName: languageName(instructions.language),
      tone: instructions.tone,
      brandVoice: Boolean(instructions.brandVoice.trim()),
    },
    visionReady,
  };
}

/** "en" → "English"; the tag itself when the runtime does not know it. */
function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames(["en"], { type: "language" }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

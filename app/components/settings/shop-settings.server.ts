// Where the Settings page reads and saves the shop's enrichment instructions and its "enrich new
// products" choice. The project has no per-shop settings table yet (a ShopSettings model is
// requested from the schema's owner): until it exists every shop reads the defaults, and saving
// answers that it is not possible yet instead of pretending. This is the one place to connect
// the real store to.
import { z } from "zod";
import {
  DEFAULT_ATTRIBUTES,
  DEFAULT_INSTRUCTIONS,
  EnrichmentInstructionsSchema,
  type EnrichmentInstructions,
} from "../../enrichment/instructions";

/** What the Settings form posts, checked with the schema jobs parse instructions with. */
export const ShopSettingsInput = z.object({
  instructions: EnrichmentInstructionsSchema,
  autoEnrichNewProducts: z.boolean().default(false),
});

/** The five attributes a shop starts with (the page's "restore" button). */
export const defaultAttributes = () => DEFAULT_ATTRIBUTES.map((a) => ({ ...a }));

export interface ShopSettingsView {
  instructions: EnrichmentInstructions;
  autoEnrichNewProducts: boolean;
  /** Whether this installation can store settings at all. */
  storable: boolean;
}

export class SettingsNotStorableError extends Error {
  readonly status = 503;
  constructor() {
    super("Settings cannot be saved yet: this installation has no settings storage. Your jobs use the defaults shown here.");
    this.name = "SettingsNotStorableError";
  }
}

export async function readShopSettings(_shop: string): Promise<ShopSettingsView> {
  return { instructions: DEFAULT_INSTRUCTIONS, autoEnrichNewProducts: false, storable: false };
}

export async function saveShopSettings(
  _shop: string,
  _settings: { instructions: EnrichmentInstructions; autoEnrichNewProducts: boolean }
): Promise<ShopSettingsView> {
  throw new SettingsNotStorableError();
}

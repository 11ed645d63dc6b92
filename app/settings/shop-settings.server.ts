// A shop's settings (the ShopSettings row): the enrichment instructions every new job follows and
// whether new products are enriched automatically. A shop without a row reads the defaults. The
// stored instructions are validated on every read: a value written by an older version that no
// longer parses reads as the defaults (with a warning), so a schema change never breaks a job.
import { z } from "zod";
import prisma from "../db.server";
import {
  DEFAULT_ATTRIBUTES,
  DEFAULT_INSTRUCTIONS,
  EnrichmentInstructionsSchema,
  type EnrichmentInstructions,
} from "../enrichment/instructions";
import { TASK_IDS, type TaskId } from "../enrichment/tasks";

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
  /** Tasks for new products; null = the seed workload (title, description, attributes). */
  newProductTasks: TaskId[] | null;
}

const NewProductTasks = z.array(z.enum(TASK_IDS)).min(1).nullable();

function defaults(): ShopSettingsView {
  return { instructions: structuredClone(DEFAULT_INSTRUCTIONS), autoEnrichNewProducts: false, newProductTasks: null };
}

export async function readShopSettings(shop: string): Promise<ShopSettingsView> {
  const row = await prisma.shopSettings.findUnique({ where: { shop } });
  if (!row) return defaults();
  const instructions = EnrichmentInstructionsSchema.safeParse(row.instructions);
  if (!instructions.success) {
    console.warn(`[settings] stored instructions of ${shop} no longer valid; using the defaults`);
  }
  const tasks = NewProductTasks.safeParse(row.newProductTasks ?? null);
  if (!tasks.success) {
    console.warn(`[settings] stored new-product tasks of ${shop} no longer valid; using the seed workload`);
  }
  return {
    instructions: instructions.success ? instructions.data : defaults().instructions,
    autoEnrichNewProducts: row.autoEnrichNewProducts,
    newProductTasks: tasks.success ? tasks.data : null,
  };
}

/** The shop's instructions for a new job (the defaults when none are stored). */
export async function readShopInstructions(shop: string): Promise<EnrichmentInstructions> {
  return (await readShopSettings(shop)).instructions;
}

/** Stores the Settings page's values (validated again here); new-product tasks are kept as they are. */
export async function saveShopSettings(
  shop: string,
  settings: z.input<typeof ShopSettingsInput>
): Promise<ShopSettingsView> {
  const { instructions, autoEnrichNewProducts } = ShopSettingsInput.parse(settings);
  await prisma.shopSettings.upsert({
    where: { shop },
    create: { shop, instructions, autoEnrichNewProducts },
    update: { instructions, autoEnrichNewProducts },
  });
  return readShopSettings(shop);
}

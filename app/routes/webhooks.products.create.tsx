// products/create: a merchant who chose "enrich new products automatically" gets each new
// product enriched and published (publish mode: the merchant opted in to no review for new
// products). Shopify retries a delivery with the same webhook id, so each delivery is claimed
// once and a retry creates no second job. The app itself never creates products (it writes with
// productUpdate, which is products/update — not subscribed here), so its own writes cannot
// trigger this webhook and loop.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import prisma from "../db.server";
import { AssignmentError } from "../assignments/assignments.server";
import { createEnrichmentJob, JobInputError } from "../jobs/jobs.server";
import type { EnrichmentInstructions } from "../enrichment/instructions";
import { readShopSettings } from "../settings/shop-settings.server";
import { authenticate } from "../shopify.server";
import { claimDelivery } from "../webhooks/deliveries.server";

const PRODUCT_GID = /^gid:\/\/shopify\/Product\/\d+$/;

// The REST-shaped payload. `admin_graphql_api_id` is exact; the numeric `id` can exceed what a
// JavaScript number holds, so it is only used when it is a safe integer.
const NewProductPayload = z.object({
  admin_graphql_api_id: z.string().regex(PRODUCT_GID).optional(),
  id: z.union([z.number(), z.string()]).optional(),
});

function productGidOf(payload: unknown): string | null {
  const parsed = NewProductPayload.safeParse(payload);
  if (!parsed.success) return null;
  if (parsed.data.admin_graphql_api_id) return parsed.data.admin_graphql_api_id;
  const id = parsed.data.id;
  if (typeof id === "number" && Number.isSafeInteger(id) && id > 0) return `gid://shopify/Product/${id}`;
  if (typeof id === "string" && /^\d+$/.test(id)) return `gid://shopify/Product/${id}`;
  return null;
}

/** What a shop chose for its new products. */
export interface NewProductSetting {
  enabled: boolean;
  /** Tasks for new products; the seed workload (title, description, attributes) when omitted. */
  tasks?: string[];
  /** The shop's instructions; the defaults when omitted. */
  instructions?: EnrichmentInstructions;
}

export type NewProductSettingReader = (shop: string) => Promise<NewProductSetting>;

/** The shop's "enrich new products automatically" choice, as saved on the Settings page (off by default). */
export const storedNewProductSetting: NewProductSettingReader = async (shop) => {
  const settings = await readShopSettings(shop);
  return {
    enabled: settings.autoEnrichNewProducts,
    tasks: settings.newProductTasks ?? undefined,
    instructions: settings.instructions,
  };
};

/** The webhook handler, given where the shop's setting is read from. */
export function handleProductsCreate(readSetting: NewProductSettingReader) {
  return async ({ request }: ActionFunctionArgs) => {
    // 401 on a bad HMAC, 400 on missing headers (thrown as Responses).
    const { shop, topic, webhookId, payload, session } = await authenticate.webhook(request);
    // No offline session: the app was uninstalled meanwhile; nothing can be enriched.
    if (!session) return new Response();
    const productId = productGidOf(payload);
    if (!productId) {
      console.warn(`[webhooks] ${topic} for ${shop} without a product id; ignored`);
      return new Response();
    }
    const setting = await readSetting(shop);
    if (!setting.enabled) return new Response(); // nothing to do, nothing recorded
    if (!(await claimDelivery({ webhookId, shop, topic }))) return new Response(); // a retry: already handled

    try {
      await createEnrichmentJob({ shop, trigger: "webhook", scope: { kind: "ids", ids: [productId] }, tasks: setting.tasks, instructions: setting.instructions, mode: "publish" });
      return new Response();
    } catch (error) {
      // Something the merchant must fix (no provider assigned, alt text without vision): a retry
      // would fail the same way, so the delivery is acknowledged and the reason logged.
      if (error instanceof AssignmentError || error instanceof JobInputError) {
        console.warn(`[webhooks] new product of ${shop} not enriched: ${error.message}`);
        return new Response();
      }
      // Anything else: release the claim so Shopify's retry gets another chance.
      await prisma.webhookDelivery.deleteMany({ where: { webhookId } }).catch(() => undefined);
      throw error;
    }
  };
}

export const action = handleProductsCreate(storedNewProductSetting);

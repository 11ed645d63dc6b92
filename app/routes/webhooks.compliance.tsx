import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { claimDelivery, eraseShop } from "../webhooks/deliveries.server";

// Mandatory compliance topics. The app stores no customer data, so customer requests need no
// action beyond acknowledging; shop/redact erases everything kept for the shop.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId } = await authenticate.webhook(request);
  if (topic === "SHOP_REDACT") {
    await eraseShop(shop);
    return new Response();
  }
  await claimDelivery({ webhookId, shop, topic });
  return new Response();
};

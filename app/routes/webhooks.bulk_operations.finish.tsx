import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { bulkOperationFinished } from "../catalog/bulk-operation";

// Shopify's signal that a bulk query or mutation ended. Not guaranteed to arrive, so waiters
// keep polling too; this only wakes a waiter in this process at once.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { payload } = await authenticate.webhook(request);
  const id = (payload as { admin_graphql_api_id?: unknown }).admin_graphql_api_id;
  if (typeof id === "string") bulkOperationFinished.notify(id);
  return new Response();
};

import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import db from "../db.server";
import { cancelShopJobs } from "../jobs/job-store.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, session } = await authenticate.webhook(request);
  // The webhook can repeat after the sessions are gone: delete only what exists.
  if (session) await db.session.deleteMany({ where: { shop } });
  // Without a token unfinished jobs cannot go on; they stay in the history as cancelled.
  await cancelShopJobs(shop);
  return new Response();
};

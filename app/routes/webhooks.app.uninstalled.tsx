import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import db from "../db.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, session } = await authenticate.webhook(request);
  // The webhook can repeat after the sessions are gone: delete only what exists.
  if (session) await db.session.deleteMany({ where: { shop } });
  return new Response();
};

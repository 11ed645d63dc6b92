// Starts enrichment from the admin action extensions: the selected products (bulk action) or the
// product shown (product page), the chosen tasks, always in review mode. With start: false the
// job reads the products and estimates them, then waits (awaiting_start) for the merchant to
// start it after seeing the cost. The job belongs to the shop of the ID token — never to a shop
// the request names; product ids of another shop simply are not found in this one.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { TASK_IDS } from "../enrichment/tasks";
import { createEnrichmentJob, getJobView } from "../jobs/jobs.server";
import { MAX_SELECTED_IDS } from "../jobs/job-store.server";
import { readShopInstructions } from "../settings/shop-settings.server";
import { authenticate } from "../shopify.server";
import { jobSummary, jsonBody, refusal } from "./api.enrichment.jobs.$id";

const PRODUCT_GID = /^gid:\/\/shopify\/Product\/\d+$/;

const StartEnrichment = z
  .object({
    trigger: z.enum(["bulk_action", "product_page"], { message: "trigger must be bulk_action or product_page" }),
    productIds: z
      .array(z.string().regex(PRODUCT_GID, "Not a product id."))
      .min(1, "Select at least one product.")
      .max(MAX_SELECTED_IDS, `Select at most ${MAX_SELECTED_IDS} products.`),
    tasks: z.array(z.enum(TASK_IDS, { message: "Unknown task." })).min(1, "Choose at least one thing to write."),
    start: z.boolean().default(false),
  })
  .refine((body) => body.trigger !== "product_page" || body.productIds.length === 1, {
    message: "A product page starts enrichment for one product.",
    path: ["productIds"],
  });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  // The CORS preflight (OPTIONS) is answered inside authenticate.admin; nothing is read here.
  const { cors } = await authenticate.admin(request);
  return cors(Response.json({ error: "Start a job with POST." }, { status: 405, headers: { allow: "POST" } }));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, cors } = await authenticate.admin(request);
  try {
    const body = StartEnrichment.parse(await jsonBody(request));
    const job = await createEnrichmentJob({
      shop: session.shop,
      trigger: body.trigger,
      scope: { kind: "ids", ids: body.productIds },
      tasks: body.tasks,
      instructions: await readShopInstructions(session.shop),
      mode: "review",
      autoStart: body.start,
    });
    return cors(Response.json({ job: jobSummary(await getJobView(session.shop, job.id)) }, { status: 201 }));
  } catch (error) {
    return refusal(error, cors);
  }
};

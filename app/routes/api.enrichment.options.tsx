// For the admin action extensions (product list bulk action, product page action): what this
// shop can start — whether a provider and model are assigned to batch enrichment, which tasks
// can be chosen (image alt text only with a vision-capable model) and which are preselected.
// Authenticated with the admin's ID token (`Authorization: Bearer …`); the shop is the token's.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { AssignmentError, resolveAssignment } from "../assignments/assignments.server";
import { providerFits } from "../assignments/context-rules";
import { SEED_TASK_IDS, TASK_IDS } from "../enrichment/tasks";
import { MAX_SELECTED_IDS } from "../jobs/job-store.server";
import { getProviderDefinition } from "../providers/registry";
import { authenticate } from "../shopify.server";

const NEEDS_VISION = "Image alt text needs a vision-capable model assigned to batch enrichment.";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  // Also answers the CORS preflight (OPTIONS) the extension's fetch sends first.
  const { session, cors } = await authenticate.admin(request);
  let provider: { name: string; model: string; label: string } | null = null;
  let vision = false;
  let message: string | null = null;
  try {
    const { primary } = await resolveAssignment(session.shop, "enrichment");
    provider = { name: getProviderDefinition(primary.provider)?.displayName ?? primary.provider, model: primary.model, label: primary.label };
    vision = providerFits("vision", primary.provider);
  } catch (error) {
    if (!(error instanceof AssignmentError)) throw error;
    message = error.message;
  }
  const tasks = TASK_IDS.map((id) => {
    const available = id !== "imageAlt" || vision;
    return { id, available, reason: available ? null : NEEDS_VISION };
  });
  return cors(
    Response.json({
      ready: provider !== null,
      message,
      provider,
      tasks,
      defaultTasks: [...SEED_TASK_IDS],
      maxProducts: MAX_SELECTED_IDS,
    }),
  );
};

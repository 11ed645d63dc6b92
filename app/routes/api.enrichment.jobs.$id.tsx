// One enrichment job, for the admin action extensions: its progress and estimate (GET, polled
// while the job reads the products and estimates them), and the merchant's start or cancel
// (POST { intent }). Another shop's job id answers 404, like one that does not exist.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { AssignmentError } from "../assignments/assignments.server";
import { cancelJob, getJobView, JobInputError, JobNotFoundError, JobStateError, startEnrichmentJob, type JobView } from "../jobs/jobs.server";
import { getProviderDefinition } from "../providers/registry";
import { authenticate } from "../shopify.server";

type Cors = (response: Response) => Response;

/** What an extension needs to show about a job (never its items or the assignment's key ids). */
export function jobSummary(view: JobView) {
  const estimate = view.estimate;
  return {
    id: view.id,
    status: view.status,
    phase: view.phase,
    mode: view.mode,
    trigger: view.trigger,
    itemCount: view.counts.total,
    estimate: estimate
      ? {
          itemCount: estimate.itemCount,
          cost: estimate.cost,
          currency: estimate.currency,
          provider: getProviderDefinition(estimate.provider)?.displayName ?? estimate.provider,
          model: estimate.model,
          inputTokens: estimate.usage.inputTokens.total,
          outputTokens: estimate.usage.outputTokens,
          budget: estimate.budget,
        }
      : null,
    error: view.error,
    // The job page in the app (app/routes/app.jobs.$id.tsx).
    path: `/app/jobs/${encodeURIComponent(view.id)}`,
  };
}

/** The merchant-facing refusal for a known error, or the error rethrown (a 500). */
export function refusal(error: unknown, cors: Cors): Response {
  const answer = (status: number, body: Record<string, unknown>) => cors(Response.json(body, { status }));
  if (error instanceof z.ZodError) return answer(400, { error: error.issues[0]?.message ?? "Invalid request." });
  if (error instanceof JobInputError) return answer(400, { error: error.message, field: error.field });
  if (error instanceof JobNotFoundError) return answer(404, { error: error.message });
  if (error instanceof JobStateError) return answer(409, { error: error.message });
  // No provider or model for batch enrichment: the merchant has something to set up first.
  if (error instanceof AssignmentError) return answer(409, { error: error.message });
  throw error;
}

/** The request's JSON body; a body that is not JSON is refused like an invalid one. */
export async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new z.ZodError([{ code: "custom", path: [], message: "Send the request as JSON.", input: undefined }]);
  }
}

const JobIntent = z.object({ intent: z.enum(["start", "cancel"], { message: "intent must be start or cancel" }) });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session, cors } = await authenticate.admin(request);
  try {
    return cors(Response.json({ job: jobSummary(await getJobView(session.shop, String(params.id))) }));
  } catch (error) {
    return refusal(error, cors);
  }
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, cors } = await authenticate.admin(request);
  try {
    const { intent } = JobIntent.parse(await jsonBody(request));
    const id = String(params.id);
    if (intent === "start") await startEnrichmentJob(session.shop, id);
    else await cancelJob(session.shop, id);
    return cors(Response.json({ job: jobSummary(await getJobView(session.shop, id)) }));
  } catch (error) {
    return refusal(error, cors);
  }
};

// One enrichment job: its estimate (before it starts), progress and cost, and its results per
// product — the original beside the proposal, with approve / reject / edit per field, approve
// all, publish approved, and revert per product or for the whole job. Every action names the
// shop from the session: another shop's job or item answers as one that does not exist.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useNavigate, useRevalidator, useRouteError, useSearchParams } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Card, InlineStack, Layout, Page, Pagination, Tabs, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useEffect, useMemo, useState } from "react";
import { z } from "zod";
import { formatDateTime } from "../components/format";
import { fieldErrorsOf, formValues, type ActionResult } from "../components/forms/form-input";
import { ConfirmDialog, type Confirmation } from "../components/jobs/ConfirmDialog";
import { EstimateCard } from "../components/jobs/EstimateCard";
import { HtmlPreviewStyles } from "../components/jobs/FieldDiff";
import { ItemResult } from "../components/jobs/ItemResult";
import { JobProgressCard } from "../components/jobs/JobProgressCard";
import { ReviewCard } from "../components/jobs/ReviewCard";
import { ITEM_FILTERS, parseItemFilter, type ItemFilter } from "../components/jobs/item-filters";
import { loadJobPage } from "../components/jobs/job-page.server";
import { jobStatusLabel, MODE_LABEL, PAUSED_REASON_LABEL, scopeLabel, tasksLabel, TRIGGER_LABEL } from "../components/jobs/labels";
import { jobActionError } from "../components/jobs/job-action-errors.server";
import { jobConfig, jobScope } from "../jobs/job-store.server";
import {
  cancelJob,
  createEnrichmentJob,
  decideAll,
  decideFields,
  getItem,
  getJob,
  JobNotFoundError,
  pauseJob,
  publishEnrichmentJob,
  resumeEnrichmentJob,
  revertEnrichmentJob,
  revertItemsNow,
  startEnrichmentJob,
} from "../jobs/jobs.server";
import { authenticate } from "../shopify.server";

const jobIdParam = z.string().trim().min(1).max(100);

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const jobId = jobIdParam.safeParse(params.id);
  if (!jobId.success) throw json({ message: "This job does not exist." }, { status: 404 });
  const query = z
    .object({
      after: z.string().trim().max(100).optional(),
      prev: z.string().max(5000).optional(),
    })
    .parse({
      after: url.searchParams.get("after") ?? undefined,
      prev: url.searchParams.get("prev") ?? undefined,
    });
  try {
    const page = await loadJobPage(session.shop, jobId.data, {
      filter: parseItemFilter(url.searchParams.get("filter")),
      cursor: query.after || undefined,
    });
    return json(page);
  } catch (error) {
    if (error instanceof JobNotFoundError) throw json({ message: error.message }, { status: 404 });
    throw error;
  }
};

// ---------------------------------------------------------------------------------------------
// Input

const itemId = z.string().trim().min(1, "Choose a product.").max(100);
const noFields = <T extends string>(intent: T) => z.object({ intent: z.literal(intent) });

const actionInput = z.discriminatedUnion("intent", [
  noFields("start"),
  noFields("pause"),
  noFields("resume"),
  noFields("cancel"),
  noFields("publish"),
  noFields("approve-all"),
  noFields("reject-all"),
  noFields("revert-job"),
  noFields("run-full"),
  z.object({
    intent: z.literal("decide"),
    itemId,
    field: z.string().trim().min(1).max(300),
    decision: z.enum(["approved", "rejected"]),
    // An edit: text, description HTML, or comma-separated tags. Sanitized and bounded by the store.
    value: z.string().max(200_000, "This is far too long.").optional(),
  }),
  z.object({ intent: z.literal("approve-item"), itemId }),
  z.object({ intent: z.literal("reject-item"), itemId }),
  z.object({ intent: z.literal("revert-item"), itemId }),
]);

const answer = (result: ActionResult, status = 200) => json<ActionResult>(result, { status });

function editedValue(field: string, value: string | undefined): unknown {
  if (value === undefined) return undefined;
  if (field === "tags")
    return value
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
  return value;
}

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, redirect } = await authenticate.admin(request);
  const shop = session.shop;
  const values = formValues(await request.formData());
  const intent = values.intent ?? "";
  const parsedId = jobIdParam.safeParse(params.id);
  if (!parsedId.success) return answer({ ok: false, intent, message: "This job does not exist." }, 404);
  const jobId = parsedId.data;
  const parsed = actionInput.safeParse(values);
  if (!parsed.success) {
    return answer(
      {
        ok: false,
        intent,
        message: "Check the highlighted fields.",
        fieldErrors: fieldErrorsOf(parsed.error),
      },
      400
    );
  }
  const input = parsed.data;

  try {
    // An item is acted on only through its own job's page (and its shop's session).
    if ("itemId" in input && (await getItem(shop, input.itemId)).jobId !== jobId) throw new JobNotFoundError();
    switch (input.intent) {
      case "start":
        await startEnrichmentJob(shop, jobId);
        return answer({ ok: true, intent, message: "Enrichment started." });
      case "pause":
        await pauseJob(shop, jobId);
        return answer({
          ok: true,
          intent,
          message: "Job paused. Nothing more is generated until you resume it.",
        });
      case "resume":
        await resumeEnrichmentJob(shop, jobId);
        return answer({ ok: true, intent, message: "Job resumed." });
      case "cancel":
        await cancelJob(shop, jobId);
        return answer({ ok: true, intent, message: "Job cancelled." });
      case "publish": {
        await publishEnrichmentJob(shop, jobId);
        return answer({
          ok: true,
          intent,
          message: "Publishing the approved results to your store.",
        });
      }
      case "approve-all": {
        const count = await decideAll(shop, jobId, "approved");
        return answer({
          ok: true,
          intent,
          message: `${count} ${count === 1 ? "product" : "products"} approved. Publish them when you are ready.`,
        });
      }
      case "reject-all": {
        const count = await decideAll(shop, jobId, "rejected");
        return answer({
          ok: true,
          intent,
          message: `${count} ${count === 1 ? "product" : "products"} rejected.`,
        });
      }
      case "revert-job":
        await revertEnrichmentJob(shop, jobId);
        return answer({
          ok: true,
          intent,
          message: "Reverting the job: the original values are being written back.",
        });
      case "run-full": {
        // The job the merchant previewed, on its whole selection: same tasks, settings and mode.
        const preview = await getJob(shop, jobId);
        const config = jobConfig(preview);
        const job = await createEnrichmentJob({
          shop,
          trigger: preview.trigger as Parameters<typeof createEnrichmentJob>[0]["trigger"],
          scope: jobScope(preview),
          tasks: config.tasks,
          instructions: config.instructions,
          mode: config.mode,
          autoStart: false,
        });
        return redirect(`/app/jobs/${job.id}`);
      }
      case "decide": {
        await decideFields(shop, input.itemId, [
          {
            field: input.field,
            decision: input.decision,
            value: editedValue(input.field, input.value),
          },
        ]);
        const what = input.value !== undefined ? "Edit saved and approved." : input.decision === "approved" ? "Approved." : "Rejected.";
        return answer({ ok: true, intent, id: input.itemId, message: what });
      }
      case "approve-item":
      case "reject-item": {
        const decision = input.intent === "approve-item" ? "approved" : "rejected";
        const count = await decideAll(shop, jobId, decision, [input.itemId]);
        if (count === 0)
          return answer(
            {
              ok: false,
              intent,
              id: input.itemId,
              message: "This result is no longer open for review.",
            },
            409
          );
        return answer({
          ok: true,
          intent,
          id: input.itemId,
          message: decision === "approved" ? "All changes approved." : "All changes rejected.",
        });
      }
      case "revert-item": {
        const outcome = await revertItemsNow(shop, jobId, [input.itemId]);
        if (outcome.reverted)
          return answer({
            ok: true,
            intent,
            id: input.itemId,
            message: "Product reverted: its original values are back in your store.",
          });
        if (outcome.conflicts) {
          return answer(
            {
              ok: false,
              intent,
              id: input.itemId,
              message: "Not reverted: the product was changed in Shopify after this job wrote it.",
            },
            409
          );
        }
        if (outcome.failed)
          return answer(
            {
              ok: false,
              intent,
              id: input.itemId,
              message: "Shopify refused the revert; see the product's note.",
            },
            502
          );
        return answer(
          {
            ok: false,
            intent,
            id: input.itemId,
            message: "Only a published product can be reverted.",
          },
          409
        );
      }
    }
  } catch (error) {
    const known = jobActionError(error);
    if (known)
      return answer(
        {
          ok: false,
          intent,
          message: known.message,
          ...(known.fieldErrors ? { fieldErrors: known.fieldErrors } : {}),
        },
        known.status
      );
    throw error;
  }
};

// ---------------------------------------------------------------------------------------------
// Page

const LIVE_STATUSES = ["queued", "running"];
const REFRESH_MS = 2000;

function useLiveRefresh(live: boolean) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle") revalidator.revalidate();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [live, revalidator]);
}

export default function JobPage() {
  const { job, progress, items, filter, nextCursor, providerNames } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null);
  const [openItems, setOpenItems] = useState<Record<string, boolean>>({});
  // Also after a pause: calls already in flight finish and their results arrive.
  useLiveRefresh(LIVE_STATUSES.includes(job.status) || (job.counts.byStatus.generating ?? 0) + (job.counts.byStatus.writing ?? 0) > 0);

  const status = jobStatusLabel(job.status, job.preview);
  const currency = job.estimate?.currency ?? "USD";
  const filters = Object.entries(ITEM_FILTERS) as [ItemFilter, (typeof ITEM_FILTERS)[ItemFilter]][];
  const tabs = useMemo(
    () =>
      filters.map(([id, f]) => ({
        id,
        content: f.label,
        accessibilityLabel: `${f.label} results`,
      })),
    [filters]
  );
  // Cursors of the pages before this one ("" is the first page), for Previous.
  const trail = searchParams.has("prev") ? searchParams.get("prev")!.split(",") : [];

  const go = (params: Record<string, string | undefined>) => {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) next.set(k, v);
    navigate(`?${next.toString()}`, { preventScrollReset: true });
  };

  const generating = job.phase === "generate" && LIVE_STATUSES.includes(job.status);

  return (
    <Page>
      <TitleBar title={job.preview ? "Preview" : "Enrichment job"}>
        <button variant="breadcrumb" onClick={() => navigate("/app/jobs")}>
          Enrichment jobs
        </button>
      </TitleBar>
      <HtmlPreviewStyles />
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <InlineStack gap="200" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  {scopeLabel(job.scope, job.counts.total)}
                </Text>
                <Badge tone={status.tone} progress={status.progress}>
                  {status.label}
                </Badge>
              </InlineStack>
              <Text as="p" tone="subdued">
                {tasksLabel(job.tasks)} · {job.preview ? "Preview, never published" : MODE_LABEL[job.mode]} · {job.assignment.primary.model}{" "}
                ({providerNames[job.assignment.primary.provider] ?? job.assignment.primary.provider})
                {job.assignment.fallback ? `, falls back to ${job.assignment.fallback.model}` : ""}
                {job.activeLane === "fallback" ? " · now on the fallback" : ""} · {TRIGGER_LABEL[job.trigger] ?? job.trigger}, created{" "}
                {formatDateTime(job.createdAt)}
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>

        {job.preview ? (
          <Layout.Section>
            <Banner
              tone="info"
              title="Preview on a few products"
              action={
                !LIVE_STATUSES.includes(job.status)
                  ? {
                      content: "Estimate the full job",
                      onAction: () => submitRunFull(),
                    }
                  : undefined
              }
            >
              <p>
                Real calls on up to 3 products, never published. If you like the results, estimate the same job on your whole selection (
                {scopeLabel(job.scope)}).
              </p>
            </Banner>
          </Layout.Section>
        ) : null}
        {job.status === "paused" ? (
          <Layout.Section>
            <Banner tone="warning" title={job.pausedReason ? PAUSED_REASON_LABEL[job.pausedReason] : "Paused"}>
              <p>{job.error ?? "Resume the job to go on where it stopped."}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {job.status === "failed" ? (
          <Layout.Section>
            <Banner tone="critical" title="This job stopped">
              <p>{job.error ?? "An unexpected error stopped it."}</p>
            </Banner>
          </Layout.Section>
        ) : null}

        {job.status === "awaiting_start" && job.estimate ? (
          <Layout.Section>
            <EstimateCard
              estimate={job.estimate}
              providerName={providerNames[job.estimate.provider] ?? job.estimate.provider}
              onDiscard={() =>
                setConfirmation({
                  title: "Discard this job?",
                  message: "Nothing was generated or spent yet. The job stays in your history as cancelled.",
                  confirmLabel: "Discard job",
                  tone: "critical",
                  form: { intent: "cancel" },
                })
              }
            />
          </Layout.Section>
        ) : (
          <Layout.Section>
            <JobProgressCard
              status={job.status}
              progress={progress}
              counts={job.counts}
              spend={job.spend}
              estimate={job.estimate ? { cost: job.estimate.cost, currency } : null}
              preview={job.preview}
              onConfirm={setConfirmation}
            />
          </Layout.Section>
        )}

        {!job.preview && job.status !== "awaiting_start" ? (
          <Layout.Section>
            <ReviewCard counts={job.counts} mode={job.mode} generating={generating} onConfirm={setConfirmation} />
          </Layout.Section>
        ) : null}

        {job.counts.total > 0 && job.status !== "awaiting_start" ? (
          <Layout.Section>
            <BlockStack gap="300">
              <Card padding="0">
                <Tabs
                  tabs={tabs}
                  selected={Math.max(
                    0,
                    filters.findIndex(([id]) => id === filter)
                  )}
                  onSelect={(index) =>
                    go({
                      filter: filters[index]![0] === "all" ? undefined : filters[index]![0],
                    })
                  }
                />
              </Card>
              {items.length === 0 ? (
                <Card>
                  <Text as="p" tone="subdued">
                    No products here
                    {LIVE_STATUSES.includes(job.status) ? " yet" : ""}.
                  </Text>
                </Card>
              ) : (
                items.map((item) => (
                  <ItemResult
                    key={item.id}
                    item={item}
                    currency={currency}
                    open={openItems[item.id] ?? false}
                    onToggle={() => setOpenItems((o) => ({ ...o, [item.id]: !o[item.id] }))}
                    onConfirm={setConfirmation}
                  />
                ))
              )}
              {nextCursor || trail.length ? (
                <InlineStack align="center">
                  <Pagination
                    hasPrevious={trail.length > 0}
                    onPrevious={() => {
                      const back = trail.slice(0, -1);
                      const after = trail[trail.length - 1];
                      go({
                        filter: filter === "all" ? undefined : filter,
                        after: after || undefined,
                        prev: back.length ? back.join(",") : undefined,
                      });
                    }}
                    hasNext={Boolean(nextCursor)}
                    onNext={() =>
                      go({
                        filter: filter === "all" ? undefined : filter,
                        after: nextCursor ?? undefined,
                        prev: [...trail, searchParams.get("after") ?? ""].slice(-50).join(","),
                      })
                    }
                  />
                </InlineStack>
              ) : null}
            </BlockStack>
          </Layout.Section>
        ) : null}
      </Layout>
      <ConfirmDialog id="job-confirm" confirmation={confirmation} onClose={() => setConfirmation(null)} />
    </Page>
  );

  function submitRunFull() {
    setConfirmation({
      title: "Estimate the full job?",
      message: `The same tasks on ${scopeLabel(
        job.scope
      )}, with results waiting for your review. Nothing is spent until you start it after seeing the estimate.`,
      confirmLabel: "Estimate",
      form: { intent: "run-full" },
    });
  }
}

export function ErrorBoundary() {
  const error = useRouteError();
  // Shopify's auth responses (bounce page, re-authorize) are rendered by the library.
  if (!(isRouteErrorResponse(error) && error.status === 404)) return boundary.error(error);
  return (
    <Page>
      <TitleBar title="Enrichment job" />
      <Banner tone="critical" title="This job does not exist">
        <p>It may belong to another store, or the link is wrong.</p>
      </Banner>
    </Page>
  );
}

// The job page's read model: the job's progress and cost (from the job store and the ledger),
// one page of its items with their proposals, and what the page may offer for each. Descriptions
// are shown rendered: the product's own HTML and the proposal both go through the enrichment
// sanitizer for display, so nothing a product or a provider wrote can run in the admin.
import type { JobItem } from "@prisma/client";
import type { CatalogProduct } from "../../catalog/product";
import { sanitizeDescriptionHtml } from "../../enrichment/sanitize";
import type { FieldFlag } from "../../enrichment/flags";
import { getJob, getJobView, jobConfig, jsonOf, listItems, type JobView } from "../../jobs/job-store.server";
import { REVIEW_ITEM_STATUSES, type ItemStatus, type ProposalDoc, type ProposalField } from "../../jobs/job-types";
import { ITEM_FILTERS, type ItemFilter } from "./item-filters";
import { getProviderDefinition } from "../../providers/registry";
import { fieldLabel } from "./labels";

const providerName = (id: string) => getProviderDefinition(id)?.displayName ?? id;
import { jobProgress, type JobProgress } from "./progress";

export const ITEMS_PER_PAGE = 20;

export type FieldKind = "html" | "text" | "multiline" | "tags" | "image";

export interface FieldRow {
  field: string;
  label: string;
  kind: FieldKind;
  original: string | string[] | null;
  proposed: string | string[] | null;
  edited: string | string[] | null;
  /** Sanitized for display (descriptions only). */
  originalHtml: string | null;
  proposedHtml: string | null;
  decision: ProposalField["decision"];
  status: ProposalField["status"];
  flags: FieldFlag[];
  addedTags: string[] | null;
  /** The merchant may approve, reject or edit this field now. */
  decidable: boolean;
}

export interface ItemRow {
  id: string;
  productId: string;
  productTitle: string;
  productHandle: string | null;
  imageUrl: string | null;
  status: ItemStatus;
  error: string | null;
  cost: string | null;
  provider: string | null;
  providerName: string | null;
  model: string | null;
  fields: FieldRow[];
  errors: { code: string; message: string }[];
  /** Open for decisions (review statuses, or already decided but not yet written). */
  decidable: boolean;
  revertable: boolean;
}

export interface JobPageData {
  job: JobView;
  /** Display names of the job's providers ("OpenAI"). */
  providerNames: Record<string, string>;
  progress: JobProgress;
  attributeLabels: Record<string, string>;
  items: ItemRow[];
  filter: ItemFilter;
  nextCursor: string | null;
}

const DECIDABLE: readonly string[] = [...REVIEW_ITEM_STATUSES, "approved", "rejected"];

function kindOf(field: ProposalField): FieldKind {
  if (field.field === "descriptionHtml") return "html";
  if (field.field === "tags") return "tags";
  if (field.field.startsWith("imageAlt.")) return "image";
  if (field.metafield?.type === "multi_line_text_field" || field.field === "seo.description") return "multiline";
  return "text";
}

function displayHtml(value: string | string[] | null | undefined, shopDomain: string): string | null {
  if (typeof value !== "string") return null;
  return sanitizeDescriptionHtml(value, { shopDomain }).html;
}

export function itemRow(item: JobItem, shop: string, attributeLabels: Record<string, string>, jobPreview: boolean): ItemRow {
  const product = jsonOf<Partial<CatalogProduct> | null>(item.product);
  const proposal = jsonOf<ProposalDoc | null>(item.proposal);
  const decidable = !jobPreview && DECIDABLE.includes(item.status);
  const fields: FieldRow[] = (proposal?.fields ?? []).map((f) => {
    const kind = kindOf(f);
    const edited = f.edited === undefined ? null : f.edited;
    return {
      field: f.field,
      label: fieldLabel(f.field, attributeLabels),
      kind,
      original: f.original,
      proposed: f.proposed,
      edited,
      originalHtml: kind === "html" ? displayHtml(f.original, shop) : null,
      proposedHtml: kind === "html" ? displayHtml(edited ?? f.proposed, shop) : null,
      decision: f.decision,
      status: f.status,
      flags: f.flags,
      addedTags: f.addedTags ?? null,
      decidable: decidable && f.decision !== "none" && kind !== "image",
    };
  });
  return {
    id: item.id,
    productId: item.productId,
    productTitle: product?.title ?? item.productId,
    productHandle: product?.handle ?? null,
    imageUrl: product?.images?.[0]?.url ?? null,
    status: item.status as ItemStatus,
    error: item.error,
    cost: item.cost === null ? null : item.cost.toString(),
    provider: proposal?.provider ?? null,
    providerName: proposal?.provider ? providerName(proposal.provider) : null,
    model: proposal?.model ?? null,
    fields,
    errors: (proposal?.errors ?? []).map((e) => ({
      code: e.code,
      message: e.message,
    })),
    decidable,
    revertable: !jobPreview && item.status === "written",
  };
}

/** Everything the job page shows for one page of results. */
export async function loadJobPage(
  shop: string,
  jobId: string,
  options: { filter: ItemFilter; cursor?: string; now?: Date }
): Promise<JobPageData> {
  const [job, row] = await Promise.all([getJobView(shop, jobId), getJob(shop, jobId)]);
  const attributeLabels = Object.fromEntries(jobConfig(row).instructions.attributes.map((a) => [a.key, a.label]));
  const statuses = ITEM_FILTERS[options.filter].statuses;
  const items = await listItems(shop, jobId, {
    statuses: statuses ? [...statuses] : undefined,
    take: ITEMS_PER_PAGE + 1,
    cursor: options.cursor,
  });
  const page = items.slice(0, ITEMS_PER_PAGE);
  const providers = [job.assignment.primary.provider, job.assignment.fallback?.provider].filter((p): p is string => Boolean(p));
  return {
    job,
    providerNames: Object.fromEntries(providers.map((p) => [p, providerName(p)])),
    progress: jobProgress({
      phase: job.phase,
      status: job.status,
      counts: job.counts,
      startedAt: job.startedAt,
      now: options.now ?? new Date(),
    }),
    attributeLabels,
    items: page.map((item) => itemRow(item, shop, attributeLabels, job.preview)),
    filter: options.filter,
    nextCursor: items.length > ITEMS_PER_PAGE ? page[page.length - 1]!.id : null,
  };
}

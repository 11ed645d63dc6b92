// From checked provider output to what gets written: per-field decisions (publish mode approves
// clean fields at once; review mode waits for a person), the item's status that follows from
// them, a merchant's edit (sanitized and bounded like generated text), and the one
// ProductChange an item's approved fields make.
import type { CatalogProduct } from "../catalog/product";
import { snapshotOf, type ProductSnapshot } from "../catalog/snapshot";
import type { ImageAlt } from "../catalog/image-alts";
import type { MetafieldValue, ProductChange } from "../catalog/write";
import { isPublishable, type EnrichmentResult } from "../enrichment/output";
import type { FieldLimits } from "../enrichment/limits";
import { sanitizeDescriptionHtml, sanitizePlainText } from "../enrichment/sanitize";
import type { FieldDecision, ItemStatus, JobMode, ProposalDoc, ProposalField } from "./job-types";

function initialDecision(field: EnrichmentResult["fields"][number], mode: JobMode): FieldDecision {
  if (field.status === "rejected") return "rejected";
  if (field.proposed === null || field.flags.some((f) => f.code === "unchanged" || f.code === "no_value")) return "none";
  if (field.status === "ok" && isPublishable(field)) return mode === "publish" ? "approved" : "pending";
  return "pending"; // needs_review: always a person's call
}

export function proposalFromResult(result: EnrichmentResult, mode: JobMode, meta: { provider: string; model: string }): ProposalDoc {
  const fields: ProposalField[] = result.fields.map((f) => ({
    field: f.field,
    task: f.task,
    original: f.original,
    proposed: f.proposed,
    flags: f.flags,
    status: f.status,
    decision: initialDecision(f, mode),
    ...(f.metafield ? { metafield: f.metafield } : {}),
    ...(f.imageId ? { imageId: f.imageId } : {}),
    ...(f.addedTags ? { addedTags: f.addedTags } : {}),
  }));
  return { provider: meta.provider, model: meta.model, fields, errors: result.errors };
}

/**
 * The item's status from its fields' decisions: any field still pending → it waits (needs_review
 * when a check flagged something, else generated); otherwise approved when something is to be
 * written, rejected when checks or a person turned everything down, skipped when there was
 * nothing to write at all.
 */
export function itemStatusOf(proposal: ProposalDoc): ItemStatus {
  const fields = proposal.fields;
  if (fields.some((f) => f.decision === "pending")) {
    return fields.some((f) => f.decision === "pending" && f.status !== "ok") ? "needs_review" : "generated";
  }
  if (fields.some((f) => f.decision === "approved")) return "approved";
  if (fields.some((f) => f.decision === "rejected")) return "rejected";
  return "skipped";
}

export class FieldEditError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "FieldEditError";
  }
}

/** A merchant's edit, held to the same rules as generated text (allowlisted HTML, bounded lengths). */
export function cleanEdit(field: ProposalField, value: unknown, ctx: { shopDomain: string; limits: FieldLimits }): string | string[] {
  if (field.field === "tags") {
    if (!Array.isArray(value)) throw new FieldEditError(field.field, "Tags must be a list.");
    const tags = value.map((t) => sanitizePlainText(String(t).replace(/,/g, " ")).text).filter(Boolean);
    const tooLong = tags.find((t) => t.length > ctx.limits.tagMaxChars);
    if (tooLong) throw new FieldEditError(field.field, `Tags can have at most ${ctx.limits.tagMaxChars} characters (“${tooLong.slice(0, 40)}”).`);
    return tags;
  }
  if (typeof value !== "string") throw new FieldEditError(field.field, "Enter text.");
  if (field.field === "descriptionHtml") {
    const { html } = sanitizeDescriptionHtml(value, { shopDomain: ctx.shopDomain });
    if (html.length > ctx.limits.descriptionMaxChars) {
      throw new FieldEditError(field.field, `The description can have at most ${ctx.limits.descriptionMaxChars} characters.`);
    }
    return html;
  }
  const multiline = field.metafield?.type === "multi_line_text_field";
  const { text } = sanitizePlainText(value, { multiline });
  const max =
    field.field === "title"
      ? ctx.limits.titleMaxChars
      : field.field === "seo.title"
        ? ctx.limits.seoTitleMaxChars
        : field.field === "seo.description"
          ? ctx.limits.seoDescriptionMaxChars
          : field.task === "imageAlt"
            ? ctx.limits.imageAltMaxChars
            : multiline
              ? ctx.limits.attributeMultiLineMaxChars
              : ctx.limits.attributeSingleLineMaxChars;
  if (!text) throw new FieldEditError(field.field, "Enter a value, or reject the field.");
  if (text.length > max) throw new FieldEditError(field.field, `At most ${max} characters (this has ${text.length}).`);
  return text;
}

/** What an approved field writes: the merchant's edit, else the proposal. */
function valueOf(field: ProposalField): string | string[] | null {
  return field.edited !== undefined ? field.edited : field.proposed;
}

/**
 * The one change an item's approved fields make (null when nothing is approved). Tags are only
 * ever added; the merchant's own are kept by the writer.
 */
export function changeFromProposal(product: CatalogProduct, proposal: ProposalDoc): ProductChange | null {
  const change: ProductChange = { productId: product.id, expectedUpdatedAt: product.updatedAt };
  let any = false;
  const metafields: MetafieldValue[] = [];
  const imageAlts: ImageAlt[] = [];
  for (const field of proposal.fields) {
    if (field.decision !== "approved") continue;
    const value = valueOf(field);
    if (value === null) continue;
    if (field.field === "title" && typeof value === "string") change.title = value;
    else if (field.field === "descriptionHtml" && typeof value === "string") change.descriptionHtml = value;
    else if (field.field === "seo.title" && typeof value === "string") change.seo = { ...change.seo, title: value };
    else if (field.field === "seo.description" && typeof value === "string") change.seo = { ...change.seo, description: value };
    else if (field.field === "tags" && Array.isArray(value)) {
      const existing = new Set(product.tags.map((t) => t.trim().toLowerCase()));
      const added = value.filter((t) => !existing.has(t.trim().toLowerCase()));
      if (added.length === 0) continue;
      change.tagsToAdd = added;
    } else if (field.metafield && typeof value === "string") {
      metafields.push({ ...field.metafield, value });
    } else if (field.task === "imageAlt" && field.imageId && typeof value === "string") {
      imageAlts.push({ imageId: field.imageId, altText: value });
    } else continue;
    any = true;
  }
  if (metafields.length) change.metafields = metafields;
  if (imageAlts.length) change.imageAlts = imageAlts;
  return any ? change : null;
}

/** The original values of exactly what `change` overwrites, from the product as pulled. */
export function snapshotForChange(product: CatalogProduct, change: ProductChange): ProductSnapshot {
  return snapshotOf(product, {
    title: change.title,
    descriptionHtml: change.descriptionHtml,
    seo: change.seo,
    tagsToAdd: change.tagsToAdd,
    metafields: change.metafields?.map(({ namespace, key }) => ({ namespace, key })),
    imageAlts: change.imageAlts,
  });
}

// Write-back: apply per-product changes to Shopify, never over a merchant's edit.
//
// Immediately before writing, each product's current state is re-read. A product whose
// updatedAt differs from the one the change was computed from is not written: it comes back as
// `conflict` — unless the change is already in place (the same change written before, e.g. by a
// run that was killed before recording it), which counts as written. That makes every write
// idempotent per item. Tags are only ever added (the merchant's tags are kept); a revert may
// remove tags the app added. A handful of products are written by direct mutations with
// throttle handling; more go through one or more staged JSONL files and bulk mutations. Image
// alt text goes last, by direct fileUpdate batches (image-alts.ts) in both cases.
import { type ShopifyAdmin, ShopifyGraphqlError, type UserErrorDetail } from "./admin-client";
import { readJsonLines, openResultFile } from "./bulk-jsonl";
import { type BulkOperation, type WaitOptions, startBulkMutation, uploadBulkVariables, waitForBulkOperation } from "./bulk-operation";
import { type ImageAlt, applyImageAlts, readImageAlts } from "./image-alts";
import { APP_METAFIELD_NAMESPACE, ensureMetafieldDefinitions } from "./metafields";
import { type ProductState, readProductStates } from "./product-state";

export const PRODUCT_UPDATE_MUTATION = `#graphql
  mutation CatalogProductUpdate($product: ProductUpdateInput!) {
    productUpdate(product: $product) {
      product { id updatedAt }
      userErrors { field message }
    }
  }
`;

export const METAFIELDS_SET_MUTATION = `#graphql
  mutation CatalogMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields { id namespace key owner { ... on Product { id updatedAt } } }
      userErrors { field message code }
    }
  }
`;

export const METAFIELDS_DELETE_MUTATION = `#graphql
  mutation CatalogMetafieldsDelete($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) {
      deletedMetafields { ownerId namespace key }
      userErrors { field message }
    }
  }
`;

export interface MetafieldValue {
  namespace: string;
  key: string;
  type: string;
  value: string;
}

export interface MetafieldKey {
  namespace: string;
  key: string;
}

/** What to write to one product. Only the fields present are touched. */
export interface ProductChange {
  productId: string;
  /** The updatedAt the change was computed from; a different current value means a merchant edit. */
  expectedUpdatedAt: string;
  title?: string;
  descriptionHtml?: string;
  seo?: { title?: string | null; description?: string | null };
  /** Added to the product's current tags; existing tags are never removed. */
  tagsToAdd?: string[];
  /** Revert only: tags the app added that were not there before. */
  tagsToRemove?: string[];
  metafields?: MetafieldValue[];
  /** Revert only: metafields that did not exist before the app wrote them. */
  metafieldsToDelete?: MetafieldKey[];
  /** Alt text of the product's media images (written with fileUpdate after the other fields). */
  imageAlts?: ImageAlt[];
}

export type WriteResult =
  | { productId: string; status: "written"; updatedAt: string | null; alreadyApplied: boolean; via: "direct" | "bulk" | "none" }
  | { productId: string; status: "conflict"; expectedUpdatedAt: string; currentUpdatedAt: string }
  | { productId: string; status: "failed"; userErrors: UserErrorDetail[] };

export interface WriteOptions {
  /** Up to this many products are written by direct mutations; more through bulk (default 10). */
  directThreshold?: number;
  /** Split bulk variables files at this size (default and Shopify's limit: 100 MB). */
  maxFileBytes?: number;
  /** Create missing definitions for app-namespace metafields first (default true). */
  ensureDefinitions?: boolean;
  /** Pre-write reads of more products than this use a bulk query (default 250). */
  stateBulkThreshold?: number;
  wait?: WaitOptions;
  signal?: AbortSignal;
}

const MAX_BULK_FILE_BYTES = 100 * 1024 * 1024;
const METAFIELDS_PER_CALL = 25; // metafieldsSet / metafieldsDelete batch size

type ProductUpdateInput = {
  id: string;
  title?: string;
  descriptionHtml?: string;
  seo?: { title?: string | null; description?: string | null };
  tags?: string[];
  metafields?: MetafieldValue[];
};

/** A change reduced to the calls that still need making. */
interface Plan {
  index: number;
  change: ProductChange;
  update: ProductUpdateInput | null; // null: no product field differs
  deletes: MetafieldKey[]; // only those that still exist
  alts: ImageAlt[]; // only those that differ
}

/** Writes changes; one result per change, in the same order. */
export async function writeProductChanges(admin: ShopifyAdmin, changes: ProductChange[], options: WriteOptions = {}): Promise<WriteResult[]> {
  assertDistinct(changes);
  const results: (WriteResult | undefined)[] = new Array(changes.length);
  if (changes.length === 0) return [];

  if (options.ensureDefinitions !== false) await ensureDefinitionsFor(admin, changes);

  const keys = changes.flatMap((c) => [...(c.metafields ?? []), ...(c.metafieldsToDelete ?? [])].map(keyOf));
  const states = await readProductStates(
    admin,
    changes.map((c) => c.productId),
    keys,
    { bulkThreshold: options.stateBulkThreshold, wait: options.wait, signal: options.signal },
  );
  const imageIds = changes.flatMap((c) => (c.imageAlts ?? []).map((a) => a.imageId));
  const alts = imageIds.length ? await readImageAlts(admin, imageIds, options.signal) : new Map<string, string>();

  const plans: Plan[] = [];
  changes.forEach((change, index) => {
    const state = states.get(change.productId);
    if (!state) {
      results[index] = failed(change.productId, "Product not found (deleted since the pull?)");
    } else if (isApplied(change, state, alts)) {
      results[index] = { productId: change.productId, status: "written", updatedAt: state.updatedAt, alreadyApplied: true, via: "none" };
    } else if (!sameInstant(state.updatedAt, change.expectedUpdatedAt)) {
      results[index] = {
        productId: change.productId,
        status: "conflict",
        expectedUpdatedAt: change.expectedUpdatedAt,
        currentUpdatedAt: state.updatedAt,
      };
    } else {
      plans.push({ index, change, update: productUpdateInput(change, state), deletes: existingDeletes(change, state), alts: altsToWrite(change, alts) });
    }
  });

  const direct = plans.length <= (options.directThreshold ?? 10);
  // Deletions first: the product update that follows returns the product's final updatedAt.
  const deleteFailures = direct ? await deleteDirect(admin, plans) : await deleteInBulk(admin, plans, options);
  const toUpdate = plans.filter((p) => !deleteFailures.has(p.index));
  for (const plan of plans) {
    const failure = deleteFailures.get(plan.index);
    if (failure) results[plan.index] = { productId: plan.change.productId, status: "failed", userErrors: failure };
  }
  const updates = direct ? await updateDirect(admin, toUpdate) : await updateInBulk(admin, toUpdate, options);
  for (const plan of toUpdate) results[plan.index] = updates.get(plan.index);
  await writeAlts(admin, toUpdate, results, options.signal);
  return results.map((r, i) => r ?? failed(changes[i]!.productId, "No result"));
}

function failed(productId: string, message: string): WriteResult {
  return { productId, status: "failed", userErrors: [{ field: null, message }] };
}

function assertDistinct(changes: ProductChange[]): void {
  const seen = new Set<string>();
  for (const change of changes) {
    if (!change.productId || !change.expectedUpdatedAt) throw new Error("A change needs productId and expectedUpdatedAt");
    if (seen.has(change.productId)) throw new Error(`Two changes for ${change.productId}: merge them into one`);
    seen.add(change.productId);
  }
}

async function ensureDefinitionsFor(admin: ShopifyAdmin, changes: ProductChange[]): Promise<void> {
  const defs = new Map<string, { key: string; type: string }>();
  for (const change of changes) {
    for (const m of change.metafields ?? []) {
      if (m.namespace === APP_METAFIELD_NAMESPACE && !defs.has(m.key)) defs.set(m.key, { key: m.key, type: m.type });
    }
  }
  if (defs.size) await ensureMetafieldDefinitions(admin, [...defs.values()]);
}

const keyOf = (m: MetafieldKey) => `${m.namespace}.${m.key}`;

export function sameInstant(a: string, b: string): boolean {
  if (a === b) return true;
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  return Number.isFinite(ta) && ta === tb;
}

const tagKey = (tag: string) => tag.trim().toLowerCase(); // Shopify tags compare case-insensitively

/** Tags as Shopify stores them: a comma inside a tag separates two tags; blanks dropped. */
function splitTags(tags: readonly string[] | undefined): string[] {
  return (tags ?? []).flatMap((t) => t.split(",")).map((t) => t.trim()).filter(Boolean);
}

/** The product's tags after the change: current tags kept, added ones appended, removed ones dropped. */
export function tagsAfter(current: string[], change: Pick<ProductChange, "tagsToAdd" | "tagsToRemove">): string[] {
  const remove = new Set(splitTags(change.tagsToRemove).map(tagKey));
  const result = current.filter((t) => !remove.has(tagKey(t)));
  const present = new Set(result.map(tagKey));
  for (const tag of splitTags(change.tagsToAdd)) {
    const k = tagKey(tag);
    if (!present.has(k) && !remove.has(k)) {
      result.push(tag);
      present.add(k);
    }
  }
  return result;
}

const sameText = (a: string | null | undefined, b: string | null | undefined) => (a ?? "") === (b ?? "");

/** True when the product already shows everything the change would write (`imageAlts`: current alt per image id). */
export function isApplied(change: ProductChange, state: ProductState, imageAlts: ReadonlyMap<string, string> = new Map()): boolean {
  if ((change.imageAlts ?? []).some((a) => imageAlts.get(a.imageId) !== a.altText)) return false;
  if (change.title !== undefined && change.title !== state.title) return false;
  if (change.descriptionHtml !== undefined && change.descriptionHtml !== state.descriptionHtml) return false;
  if (change.seo?.title !== undefined && !sameText(change.seo.title, state.seo.title)) return false;
  if (change.seo?.description !== undefined && !sameText(change.seo.description, state.seo.description)) return false;
  const tags = new Set(state.tags.map(tagKey));
  if (splitTags(change.tagsToAdd).some((t) => !tags.has(tagKey(t)))) return false;
  if (splitTags(change.tagsToRemove).some((t) => tags.has(tagKey(t)))) return false;
  const current = new Map(state.metafields.map((m) => [keyOf(m), m.value]));
  if ((change.metafields ?? []).some((m) => current.get(keyOf(m)) !== m.value)) return false;
  if ((change.metafieldsToDelete ?? []).some((m) => current.has(keyOf(m)))) return false;
  return true;
}

/** The productUpdate input carrying only what differs from the current state; null if nothing does. */
export function productUpdateInput(change: ProductChange, state: ProductState): ProductUpdateInput | null {
  const input: ProductUpdateInput = { id: change.productId };
  let any = false;
  if (change.title !== undefined && change.title !== state.title) {
    input.title = change.title;
    any = true;
  }
  if (change.descriptionHtml !== undefined && change.descriptionHtml !== state.descriptionHtml) {
    input.descriptionHtml = change.descriptionHtml;
    any = true;
  }
  const seo: { title?: string | null; description?: string | null } = {};
  if (change.seo?.title !== undefined && !sameText(change.seo.title, state.seo.title)) seo.title = change.seo.title;
  if (change.seo?.description !== undefined && !sameText(change.seo.description, state.seo.description)) seo.description = change.seo.description;
  if (Object.keys(seo).length) {
    input.seo = seo;
    any = true;
  }
  const tags = tagsAfter(state.tags, change);
  if (tags.length !== state.tags.length || tags.some((t, i) => t !== state.tags[i])) {
    input.tags = tags;
    any = true;
  }
  const current = new Map(state.metafields.map((m) => [keyOf(m), m.value]));
  const metafields = (change.metafields ?? []).filter((m) => current.get(keyOf(m)) !== m.value);
  if (metafields.length) {
    input.metafields = metafields.map(({ namespace, key, type, value }) => ({ namespace, key, type, value }));
    any = true;
  }
  return any ? input : null;
}

function existingDeletes(change: ProductChange, state: ProductState): MetafieldKey[] {
  const current = new Set(state.metafields.map(keyOf));
  return (change.metafieldsToDelete ?? []).filter((m) => current.has(keyOf(m)));
}

/** The alt texts that differ from the images' current ones (an unknown image is written, and fails). */
function altsToWrite(change: ProductChange, current: ReadonlyMap<string, string>): ImageAlt[] {
  return (change.imageAlts ?? []).filter((a) => current.get(a.imageId) !== a.altText).map(({ imageId, altText }) => ({ imageId, altText }));
}

/** After the product fields: alt texts of the plans written so far; a refused alt marks the change failed. */
async function writeAlts(admin: ShopifyAdmin, plans: Plan[], results: (WriteResult | undefined)[], signal?: AbortSignal): Promise<void> {
  const pending = plans.filter((p) => p.alts.length > 0 && results[p.index]?.status === "written");
  if (pending.length === 0) return;
  const outcomes = await applyImageAlts(admin, pending.map((p) => ({ productId: p.change.productId, imageAlts: p.alts })), signal);
  for (const plan of pending) {
    const outcome = outcomes.get(plan.change.productId);
    const result = results[plan.index];
    if (!outcome || result?.status !== "written") continue;
    if ("userErrors" in outcome) results[plan.index] = { productId: plan.change.productId, status: "failed", userErrors: outcome.userErrors };
    else result.updatedAt = outcome.updatedAt ?? result.updatedAt;
  }
}

/** Only metafields to set: metafieldsSet is the dedicated call; anything else goes through productUpdate. */
function onlyMetafields(input: ProductUpdateInput): boolean {
  return Object.keys(input).every((k) => k === "id" || k === "metafields") && (input.metafields?.length ?? 0) > 0;
}

// ---- direct -------------------------------------------------------------------------------

async function updateDirect(admin: ShopifyAdmin, plans: Plan[]): Promise<Map<number, WriteResult>> {
  const results = new Map<number, WriteResult>();
  for (const plan of plans) {
    const productId = plan.change.productId;
    if (!plan.update) {
      results.set(plan.index, { productId, status: "written", updatedAt: null, alreadyApplied: false, via: "direct" });
      continue;
    }
    try {
      results.set(plan.index, onlyMetafields(plan.update) ? await setMetafieldsDirect(admin, plan.update) : await updateProductDirect(admin, plan.update));
    } catch (error) {
      if (!(error instanceof ShopifyGraphqlError)) throw error;
      results.set(plan.index, { productId, status: "failed", userErrors: error.errors.map((e) => ({ field: null, message: e.message })) });
    }
  }
  return results;
}

async function updateProductDirect(admin: ShopifyAdmin, input: ProductUpdateInput): Promise<WriteResult> {
  const data = await admin.data<{ productUpdate: ProductUpdatePayload | null }>(PRODUCT_UPDATE_MUTATION, { product: input });
  return resultOfProductUpdate(input.id, data.productUpdate, "direct");
}

interface ProductUpdatePayload {
  product: { id: string; updatedAt: string } | null;
  userErrors: UserErrorDetail[];
}

function resultOfProductUpdate(productId: string, payload: ProductUpdatePayload | null | undefined, via: "direct" | "bulk"): WriteResult {
  if (!payload) return failed(productId, "productUpdate returned no payload");
  if (payload.userErrors.length) return { productId, status: "failed", userErrors: payload.userErrors };
  return { productId, status: "written", updatedAt: payload.product?.updatedAt ?? null, alreadyApplied: false, via };
}

async function setMetafieldsDirect(admin: ShopifyAdmin, input: ProductUpdateInput): Promise<WriteResult> {
  const metafields = input.metafields ?? [];
  let updatedAt: string | null = null;
  for (let i = 0; i < metafields.length; i += METAFIELDS_PER_CALL) {
    const batch = metafields.slice(i, i + METAFIELDS_PER_CALL).map((m) => ({ ...m, ownerId: input.id }));
    const data = await admin.data<{
      metafieldsSet: {
        metafields: { owner: { id?: string; updatedAt?: string } | null }[] | null;
        userErrors: (UserErrorDetail & { code?: string | null })[];
      } | null;
    }>(METAFIELDS_SET_MUTATION, { metafields: batch });
    const payload = data.metafieldsSet;
    if (!payload) return failed(input.id, "metafieldsSet returned no payload");
    if (payload.userErrors.length) return { productId: input.id, status: "failed", userErrors: payload.userErrors };
    updatedAt = payload.metafields?.find((m) => m.owner?.updatedAt)?.owner?.updatedAt ?? updatedAt;
  }
  return { productId: input.id, status: "written", updatedAt, alreadyApplied: false, via: "direct" };
}

async function deleteDirect(admin: ShopifyAdmin, plans: Plan[]): Promise<Map<number, UserErrorDetail[]>> {
  const failures = new Map<number, UserErrorDetail[]>();
  for (const plan of plans) {
    for (let i = 0; i < plan.deletes.length; i += METAFIELDS_PER_CALL) {
      const batch = plan.deletes.slice(i, i + METAFIELDS_PER_CALL).map((m) => ({ ownerId: plan.change.productId, ...m }));
      try {
        const data = await admin.data<{ metafieldsDelete: { userErrors: UserErrorDetail[] } | null }>(METAFIELDS_DELETE_MUTATION, {
          metafields: batch,
        });
        const errors = data.metafieldsDelete?.userErrors ?? [{ field: null, message: "metafieldsDelete returned no payload" }];
        if (errors.length) {
          failures.set(plan.index, errors);
          break;
        }
      } catch (error) {
        if (!(error instanceof ShopifyGraphqlError)) throw error;
        failures.set(plan.index, error.errors.map((e) => ({ field: null, message: e.message })));
        break;
      }
    }
  }
  return failures;
}

// ---- bulk ---------------------------------------------------------------------------------

/** One line of a bulk mutation result file. */
interface BulkResultLine {
  __lineNumber?: number;
  data?: Record<string, unknown> | null;
  errors?: { message: string }[];
}

async function updateInBulk(admin: ShopifyAdmin, plans: Plan[], options: WriteOptions): Promise<Map<number, WriteResult>> {
  const results = new Map<number, WriteResult>();
  const withInput: Plan[] = [];
  for (const plan of plans) {
    if (plan.update) withInput.push(plan);
    else results.set(plan.index, { productId: plan.change.productId, status: "written", updatedAt: null, alreadyApplied: false, via: "bulk" });
  }
  const outcomes = await runBulkMutation(
    admin,
    PRODUCT_UPDATE_MUTATION,
    withInput.map((p) => ({ product: p.update })),
    "product-updates",
    options,
  );
  withInput.forEach((plan, i) => {
    const outcome = outcomes[i]!;
    const productId = plan.change.productId;
    if ("errors" in outcome) results.set(plan.index, { productId, status: "failed", userErrors: outcome.errors });
    else results.set(plan.index, resultOfProductUpdate(productId, outcome.data.productUpdate as ProductUpdatePayload, "bulk"));
  });
  return results;
}

async function deleteInBulk(admin: ShopifyAdmin, plans: Plan[], options: WriteOptions): Promise<Map<number, UserErrorDetail[]>> {
  const failures = new Map<number, UserErrorDetail[]>();
  const withDeletes = plans.filter((p) => p.deletes.length > 0);
  if (withDeletes.length === 0) return failures;
  const outcomes = await runBulkMutation(
    admin,
    METAFIELDS_DELETE_MUTATION,
    withDeletes.map((p) => ({ metafields: p.deletes.map((m) => ({ ownerId: p.change.productId, ...m })) })),
    "metafield-deletes",
    options,
  );
  withDeletes.forEach((plan, i) => {
    const outcome = outcomes[i]!;
    if ("errors" in outcome) failures.set(plan.index, outcome.errors);
    else {
      const payload = outcome.data.metafieldsDelete as { userErrors: UserErrorDetail[] } | null;
      if (!payload) failures.set(plan.index, [{ field: null, message: "metafieldsDelete returned no payload" }]);
      else if (payload.userErrors.length) failures.set(plan.index, payload.userErrors);
    }
  });
  return failures;
}

export type BulkLineOutcome = { data: Record<string, unknown> } | { errors: UserErrorDetail[] };

/**
 * Runs one mutation over many variable sets through staged JSONL files of at most maxFileBytes
 * each (one bulk operation per file, in turn) and returns one outcome per variable set, in
 * order: the mutation's data, or errors (GraphQL errors of that line, or the operation's
 * failure for lines it never reached).
 */
export async function runBulkMutation(
  admin: ShopifyAdmin,
  mutation: string,
  variables: Record<string, unknown>[],
  name: string,
  options: Pick<WriteOptions, "maxFileBytes" | "wait" | "signal"> = {},
): Promise<BulkLineOutcome[]> {
  const outcomes: BulkLineOutcome[] = new Array(variables.length);
  let part = 0;
  for (const file of splitJsonl(variables, Math.min(options.maxFileBytes ?? MAX_BULK_FILE_BYTES, MAX_BULK_FILE_BYTES))) {
    options.signal?.throwIfAborted();
    part++;
    const path = await uploadBulkVariables(admin, file.bytes, `${name}-${part}.jsonl`, options.signal);
    const id = await startBulkMutation(admin, mutation, path, { signal: options.signal });
    const operation = await waitForBulkOperation(admin, id, { ...options.wait, signal: options.signal });
    const seen = await readMutationResults(admin, operation, (line, outcome) => {
      if (line >= 0 && line < file.count) outcomes[file.first + line] = outcome;
    });
    for (let line = 0; line < file.count; line++) {
      if (seen.has(line)) continue;
      const reason =
        operation.status === "COMPLETED"
          ? "Shopify returned no result for this line"
          : `Bulk operation ended ${operation.status}${operation.errorCode ? ` (${operation.errorCode})` : ""} before this line`;
      outcomes[file.first + line] = { errors: [{ field: null, message: reason }] };
    }
  }
  return outcomes;
}

async function readMutationResults(
  admin: ShopifyAdmin,
  operation: BulkOperation,
  onLine: (line: number, outcome: BulkLineOutcome) => void,
): Promise<Set<number>> {
  const seen = new Set<number>();
  const url = operation.url ?? operation.partialDataUrl;
  if (!url) return seen;
  for await (const line of readJsonLines<BulkResultLine>(await openResultFile(url, admin.fetch))) {
    if (typeof line.__lineNumber !== "number") continue;
    seen.add(line.__lineNumber);
    if (line.errors?.length) onLine(line.__lineNumber, { errors: line.errors.map((e) => ({ field: null, message: e.message })) });
    else onLine(line.__lineNumber, { data: line.data ?? {} });
  }
  return seen;
}

interface JsonlFile {
  bytes: Uint8Array;
  first: number; // index of its first line in the input
  count: number;
}

/** JSONL files of at most maxBytes each (a single line larger than that is an error). */
export function* splitJsonl(lines: Record<string, unknown>[], maxBytes: number): Generator<JsonlFile> {
  const encoder = new TextEncoder();
  let chunks: Uint8Array[] = [];
  let size = 0;
  let first = 0;
  for (let i = 0; i < lines.length; i++) {
    const bytes = encoder.encode(JSON.stringify(lines[i]) + "\n");
    if (bytes.byteLength > maxBytes) throw new Error(`Line ${i} alone exceeds ${maxBytes} bytes`);
    if (size + bytes.byteLength > maxBytes) {
      yield { bytes: concat(chunks, size), first, count: i - first };
      chunks = [];
      size = 0;
      first = i;
    }
    chunks.push(bytes);
    size += bytes.byteLength;
  }
  if (chunks.length) yield { bytes: concat(chunks, size), first, count: lines.length - first };
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

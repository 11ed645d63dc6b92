// Streaming reader for bulk operation result files (JSONL): one JSON object a line, children
// after their parent with `__parentId` (the pull asks for groupObjects: true, which guarantees
// that order). Memory stays constant: the file is read as a byte stream, split into lines as
// it arrives, and a product is handed out as soon as the next product's line begins — neither
// the file nor the catalog is ever held whole.
import type { CatalogImage, CatalogMetafield, CatalogProduct, CatalogVariant } from "./product";

export type ByteSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** Splits a byte stream into text lines (without their line breaks), skipping blank lines. */
export async function* readLines(source: ByteSource): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of iterate(source)) {
    const text = pending + decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let end = text.indexOf("\n", start); end !== -1; end = text.indexOf("\n", start)) {
      const line = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
      if (line.length > 0) yield line;
      start = end + 1;
    }
    pending = text.slice(start);
  }
  pending += decoder.decode();
  if (pending.trim().length > 0) yield pending;
}

/** Parses each line of a JSONL byte stream; a malformed line stops the read with its number. */
export async function* readJsonLines<T = Record<string, unknown>>(source: ByteSource): AsyncGenerator<T> {
  let lineNumber = 0;
  for await (const line of readLines(source)) {
    lineNumber++;
    try {
      yield JSON.parse(line) as T;
    } catch {
      throw new BulkResultFormatError(`line ${lineNumber} is not valid JSON`);
    }
  }
}

async function* iterate(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (Symbol.asyncIterator in source) {
    yield* source as AsyncIterable<Uint8Array>;
    return;
  }
  const reader = (source as ReadableStream<Uint8Array>).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

export class BulkResultFormatError extends Error {
  constructor(message: string) {
    super(`Bulk result file: ${message}`);
    this.name = "BulkResultFormatError";
  }
}

/** Opens a result file URL as a byte stream. */
export async function openResultFile(url: string, fetchFn: typeof fetch = fetch, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const response = await fetchFn(url, { signal });
  if (!response.ok || !response.body) {
    throw new BulkResultFormatError(`download failed with HTTP ${response.status}`);
  }
  return response.body;
}

export interface BulkQueryReaderOptions {
  /** Used to download a URL source; global fetch when omitted. */
  fetch?: typeof fetch;
  /** Keep only metafields in these namespaces ("all": keep every one). Default "all". */
  namespaces?: string[] | "all";
  /** Keep only these products (the rest of the file is skipped as it streams). */
  onlyIds?: ReadonlySet<string>;
  signal?: AbortSignal;
}

export interface BulkReadStats {
  lines: number;
  products: number;
}

/**
 * Reads a bulk query result of products (with variants, media and metafields as child lines)
 * as an async iterator of CatalogProduct.
 *
 *   for await (const product of new BulkQueryReader(url)) { … }
 */
export class BulkQueryReader implements AsyncIterable<CatalogProduct> {
  readonly stats: BulkReadStats = { lines: 0, products: 0 };

  constructor(
    private readonly source: string | ByteSource,
    private readonly options: BulkQueryReaderOptions = {},
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<CatalogProduct> {
    const bytes =
      typeof this.source === "string" ? await openResultFile(this.source, this.options.fetch, this.options.signal) : this.source;
    const keepNamespace = namespaceFilter(this.options.namespaces ?? "all");
    const onlyIds = this.options.onlyIds;
    let current: CatalogProduct | null = null;
    let skipping = false; // the current product is not wanted: drop its children unread
    let lastRootId: string | null = null;

    for await (const line of readJsonLines<BulkLine>(bytes)) {
      this.stats.lines++;
      const parentId = line.__parentId;
      if (parentId === undefined) {
        if (current) {
          this.stats.products++;
          yield current;
        }
        const id = stringField(line, "id");
        lastRootId = id;
        skipping = onlyIds !== undefined && !onlyIds.has(id);
        current = skipping ? null : productFromLine(line);
        continue;
      }
      if (parentId !== lastRootId) {
        // Ungrouped output would silently attach children to the wrong product: refuse it.
        throw new BulkResultFormatError(
          `line ${this.stats.lines} belongs to ${parentId}, not to the product before it (${lastRootId ?? "none"}); ` +
            "run the bulk query with groupObjects: true",
        );
      }
      if (skipping || !current) continue;
      attachChild(current, line, keepNamespace);
    }
    if (current) {
      this.stats.products++;
      yield current;
    }
  }
}

type BulkLine = Record<string, unknown> & { __parentId?: string };

function namespaceFilter(namespaces: string[] | "all"): (namespace: string) => boolean {
  if (namespaces === "all") return () => true;
  const wanted = new Set(namespaces);
  return (namespace) => wanted.has(namespace);
}

/** The resource type of a global id: gid://shopify/ProductVariant/1 → "ProductVariant". */
export function gidType(id: unknown): string | null {
  if (typeof id !== "string" || !id.startsWith("gid://")) return null;
  return id.split("/")[3] ?? null;
}

function stringField(line: BulkLine, key: string): string {
  const value = line[key];
  if (typeof value !== "string") throw new BulkResultFormatError(`a product line has no ${key}`);
  return value;
}

/** Maps a product object (bulk root line or nodes() result) to CatalogProduct, children empty. */
export function productFromLine(line: Record<string, unknown>): CatalogProduct {
  const seo = (line.seo ?? {}) as { title?: string | null; description?: string | null };
  const options = Array.isArray(line.options) ? (line.options as { name: string; values?: string[] }[]) : [];
  return {
    id: line.id as string,
    handle: (line.handle as string | undefined) ?? "",
    title: (line.title as string | undefined) ?? "",
    descriptionHtml: (line.descriptionHtml as string | undefined) ?? "",
    vendor: (line.vendor as string | undefined) ?? "",
    productType: (line.productType as string | undefined) ?? "",
    status: (line.status as string | undefined) ?? "",
    tags: Array.isArray(line.tags) ? (line.tags as string[]) : [],
    seo: { title: seo.title ?? null, description: seo.description ?? null },
    options: options.map((o) => ({ name: o.name, values: o.values ?? [] })),
    variants: [],
    images: [],
    metafields: [],
    updatedAt: (line.updatedAt as string | undefined) ?? "",
  };
}

function attachChild(product: CatalogProduct, line: BulkLine, keepNamespace: (ns: string) => boolean): void {
  const type = gidType(line.id);
  if (type === "ProductVariant") {
    product.variants.push(variantFrom(line));
  } else if (type === "Metafield" || (type === null && typeof line.namespace === "string" && typeof line.key === "string")) {
    const metafield = metafieldFrom(line);
    if (keepNamespace(metafield.namespace)) product.metafields.push(metafield);
  } else {
    const image = imageFrom(line);
    if (image) product.images.push(image);
  }
}

export function variantFrom(node: Record<string, unknown>): CatalogVariant {
  return {
    id: node.id as string,
    title: (node.title as string | undefined) ?? "",
    sku: (node.sku as string | null | undefined) ?? null,
    price: String(node.price ?? ""),
    selectedOptions: Array.isArray(node.selectedOptions) ? (node.selectedOptions as CatalogVariant["selectedOptions"]) : [],
  };
}

export function metafieldFrom(node: Record<string, unknown>): CatalogMetafield {
  return {
    namespace: node.namespace as string,
    key: node.key as string,
    type: (node.type as string | undefined) ?? "",
    value: (node.value as string | undefined) ?? "",
  };
}

/** A media node that is an image (MediaImage); other media (video, 3D) yields null. */
export function imageFrom(node: Record<string, unknown>): CatalogImage | null {
  const image = node.image as { url?: string; altText?: string | null } | null | undefined;
  const isImage = node.mediaContentType === "IMAGE" || gidType(node.id) === "MediaImage";
  if (!isImage || typeof node.id !== "string") return null;
  return {
    id: node.id,
    url: image?.url ?? "",
    altText: (node.alt as string | null | undefined) ?? image?.altText ?? null,
  };
}

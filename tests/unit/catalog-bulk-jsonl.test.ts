// The bulk result reader: lines split correctly whatever the chunking, children land under
// the right product, and output it cannot join safely is refused rather than misread.
import { describe, expect, it } from "vitest";
import { BulkQueryReader, BulkResultFormatError, readLines } from "../../app/catalog/bulk-jsonl";
import type { CatalogProduct } from "../../app/catalog/product";

const encoder = new TextEncoder();

/** A byte stream delivering `text` in chunks of `size` bytes (splitting lines and UTF-8 sequences). */
function chunked(text: string, size: number): ReadableStream<Uint8Array> {
  const bytes = encoder.encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

const lines = [
  { id: "gid://shopify/Product/1", handle: "mug", title: "Mug – “Café”", descriptionHtml: "<p>Grès</p>", vendor: "V", productType: "Mug", status: "ACTIVE", tags: ["kitchen"], updatedAt: "2026-11-01T00:00:00Z", seo: { title: null, description: "d" }, options: [{ name: "Size", values: ["S", "L"] }] },
  { id: "gid://shopify/ProductVariant/11", title: "S", sku: "M-S", price: "9.00", selectedOptions: [{ name: "Size", value: "S" }], __parentId: "gid://shopify/Product/1" },
  { id: "gid://shopify/MediaImage/12", alt: "A mug", mediaContentType: "IMAGE", image: { url: "https://cdn/mug.jpg", altText: "A mug" }, __parentId: "gid://shopify/Product/1" },
  { id: "gid://shopify/Video/13", alt: "", mediaContentType: "VIDEO", __parentId: "gid://shopify/Product/1" },
  { id: "gid://shopify/Metafield/14", namespace: "byok_enrich", key: "material", type: "single_line_text_field", value: "stoneware", __parentId: "gid://shopify/Product/1" },
  { id: "gid://shopify/Metafield/15", namespace: "other_app", key: "x", type: "single_line_text_field", value: "y", __parentId: "gid://shopify/Product/1" },
  { id: "gid://shopify/ProductVariant/16", title: "L", sku: null, price: "11.00", selectedOptions: [{ name: "Size", value: "L" }], __parentId: "gid://shopify/Product/1" },
  { id: "gid://shopify/Product/2", handle: "bare", title: "Bare", descriptionHtml: "", vendor: "V", productType: "", status: "DRAFT", tags: [], updatedAt: "2026-11-02T00:00:00Z", seo: { title: null, description: null }, options: [] },
  { id: "gid://shopify/Product/3", handle: "cap", title: "Cap", descriptionHtml: "", vendor: "V", productType: "Hat", status: "ACTIVE", tags: [], updatedAt: "2026-11-03T00:00:00Z", seo: { title: null, description: null }, options: [] },
  { id: "gid://shopify/ProductVariant/31", title: "Default Title", sku: "C", price: "5.00", selectedOptions: [], __parentId: "gid://shopify/Product/3" },
];
const jsonl = lines.map((l) => JSON.stringify(l)).join("\n") + "\n";

async function readAll(reader: AsyncIterable<CatalogProduct>): Promise<CatalogProduct[]> {
  const out: CatalogProduct[] = [];
  for await (const p of reader) out.push(p);
  return out;
}

describe("readLines", () => {
  it.each([1, 3, 7, 64, 100_000])("yields the same lines for chunks of %i bytes, multi-byte characters intact", async (size) => {
    const got: string[] = [];
    for await (const line of readLines(chunked("é1\r\nline “two”\n\nlast without newline", size))) got.push(line);
    expect(got).toEqual(["é1", "line “two”", "last without newline"]);
  });
});

describe("BulkQueryReader", () => {
  it("joins variants, images and metafields to the product before them", async () => {
    const products = await readAll(new BulkQueryReader(chunked(jsonl, 5)));
    expect(products.map((p) => p.id)).toEqual(["gid://shopify/Product/1", "gid://shopify/Product/2", "gid://shopify/Product/3"]);
    const [mug, bare, cap] = products as [CatalogProduct, CatalogProduct, CatalogProduct];
    expect(mug.title).toBe("Mug – “Café”");
    expect(mug.options).toEqual([{ name: "Size", values: ["S", "L"] }]);
    expect(mug.variants.map((v) => [v.id, v.sku, v.price])).toEqual([
      ["gid://shopify/ProductVariant/11", "M-S", "9.00"],
      ["gid://shopify/ProductVariant/16", null, "11.00"],
    ]);
    // The video is not an image.
    expect(mug.images).toEqual([{ id: "gid://shopify/MediaImage/12", url: "https://cdn/mug.jpg", altText: "A mug" }]);
    expect(mug.metafields.map((m) => `${m.namespace}.${m.key}=${m.value}`)).toEqual(["byok_enrich.material=stoneware", "other_app.x=y"]);
    expect(bare.variants).toEqual([]);
    expect(cap.variants.map((v) => v.id)).toEqual(["gid://shopify/ProductVariant/31"]);
  });

  it("keeps only the namespaces asked for and only the products asked for", async () => {
    const reader = new BulkQueryReader(chunked(jsonl, 11), {
      namespaces: ["byok_enrich"],
      onlyIds: new Set(["gid://shopify/Product/1", "gid://shopify/Product/3"]),
    });
    const products = await readAll(reader);
    expect(products.map((p) => p.id)).toEqual(["gid://shopify/Product/1", "gid://shopify/Product/3"]);
    expect(products[0]!.metafields.map((m) => m.key)).toEqual(["material"]);
    expect(reader.stats.lines).toBe(lines.length);
  });

  it("hands out a product before the rest of the file has arrived", async () => {
    const cut = jsonl.indexOf('{"id":"gid://shopify/Product/3"');
    let release!: () => void;
    const restMayCome = new Promise<void>((resolve) => (release = resolve));
    let step = 0;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (step++ === 0) return controller.enqueue(encoder.encode(jsonl.slice(0, cut)));
        await restMayCome; // the rest of the file is held back until the test says so
        controller.enqueue(encoder.encode(jsonl.slice(cut)));
        controller.close();
      },
    });
    const iterator = new BulkQueryReader(stream)[Symbol.asyncIterator]();
    const first = await iterator.next(); // would hang here if the reader waited for the whole file
    expect(first.value?.id).toBe("gid://shopify/Product/1");
    release();
    const rest: string[] = [];
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) rest.push(r.value.id);
    expect(rest).toEqual(["gid://shopify/Product/2", "gid://shopify/Product/3"]);
  });

  it("refuses ungrouped output instead of attaching a child to the wrong product", async () => {
    const ungrouped = [lines[0], lines[7], lines[1]].map((l) => JSON.stringify(l)).join("\n");
    await expect(readAll(new BulkQueryReader(chunked(ungrouped, 64)))).rejects.toThrow(BulkResultFormatError);
  });

  it("reports a malformed line by its number", async () => {
    await expect(readAll(new BulkQueryReader(chunked(JSON.stringify(lines[0]) + "\n{oops\n", 8)))).rejects.toThrow(/line 2 is not valid JSON/);
  });

  it("downloads a URL through the fetch it is given", async () => {
    const seen: string[] = [];
    const fakeFetch = (async (url: string | URL | Request) => {
      seen.push(String(url));
      return new Response(chunked(jsonl, 50));
    }) as typeof fetch;
    const products = await readAll(new BulkQueryReader("https://storage.example/result.jsonl", { fetch: fakeFetch }));
    expect(seen).toEqual(["https://storage.example/result.jsonl"]);
    expect(products).toHaveLength(3);
  });
});

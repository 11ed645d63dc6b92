// What the writer decides to send: only what differs, tags only added (a revert removes only
// the app's own), a change already in place recognised, bulk files split under the limit,
// and a search spliced into a bulk query without breaking out of its string.
import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { bulkQueryFor } from "../../app/catalog/bulk-operation";
import type { CatalogProduct } from "../../app/catalog/product";
import type { ProductState } from "../../app/catalog/product-state";
import { APP_METAFIELD_NAMESPACE } from "../../app/catalog/metafields";
import { BULK_PRODUCTS_QUERY } from "../../app/catalog/pull";
import { revertChangeFor, snapshotOf } from "../../app/catalog/snapshot";
import { type ProductChange, isApplied, productUpdateInput, sameInstant, splitJsonl, tagsAfter } from "../../app/catalog/write";
import { loadAdminSchema } from "../simulators/shopify/admin-schema";

const state: ProductState = {
  id: "gid://shopify/Product/1",
  updatedAt: "2026-11-01T10:00:00Z",
  title: "Old title",
  descriptionHtml: "<p>Old</p>",
  tags: ["Summer", "sale"],
  seo: { title: null, description: "Old meta" },
  metafields: [{ namespace: "byok_enrich", key: "color", type: "single_line_text_field", value: "red" }],
};

const change = (c: Partial<ProductChange>): ProductChange => ({ productId: state.id, expectedUpdatedAt: state.updatedAt, ...c });

describe("tagsAfter", () => {
  it("keeps every current tag and adds new ones once, case-insensitively", () => {
    expect(tagsAfter(["Summer", "sale"], { tagsToAdd: ["summer", "Cotton", "cotton "] })).toEqual(["Summer", "sale", "Cotton"]);
  });
  it("treats a comma inside a tag as two tags, as Shopify stores them", () => {
    expect(tagsAfter(["sale"], { tagsToAdd: ["linen, Sale"] })).toEqual(["sale", "linen"]);
    expect(isApplied(change({ tagsToAdd: ["summer, SALE"] }), state)).toBe(true);
  });
  it("removes only the tags a revert names", () => {
    expect(tagsAfter(["Summer", "sale", "Cotton"], { tagsToRemove: ["cotton"] })).toEqual(["Summer", "sale"]);
  });
});

describe("productUpdateInput", () => {
  it("sends only the fields that differ, tags as the union with the current ones", () => {
    const input = productUpdateInput(
      change({
        title: "Old title",
        descriptionHtml: "<p>New</p>",
        seo: { title: "New SEO", description: "Old meta" },
        tagsToAdd: ["Cotton"],
        metafields: [
          { namespace: "byok_enrich", key: "color", type: "single_line_text_field", value: "red" },
          { namespace: "byok_enrich", key: "material", type: "single_line_text_field", value: "cotton" },
        ],
      }),
      state,
    );
    expect(input).toEqual({
      id: state.id,
      descriptionHtml: "<p>New</p>",
      seo: { title: "New SEO" },
      tags: ["Summer", "sale", "Cotton"],
      metafields: [{ namespace: "byok_enrich", key: "material", type: "single_line_text_field", value: "cotton" }],
    });
  });

  it("is null when nothing would change", () => {
    expect(productUpdateInput(change({ title: "Old title", tagsToAdd: ["SALE"] }), state)).toBeNull();
  });
});

describe("isApplied", () => {
  it("recognises a change already in place (a second write is a no-op, not a conflict)", () => {
    expect(isApplied(change({ title: "Old title", tagsToAdd: ["summer"], seo: { title: "" } }), state)).toBe(true);
  });
  it("is false when any field, tag or metafield still differs", () => {
    expect(isApplied(change({ title: "New" }), state)).toBe(false);
    expect(isApplied(change({ tagsToAdd: ["new"] }), state)).toBe(false);
    expect(isApplied(change({ metafields: [{ namespace: "byok_enrich", key: "color", type: "t", value: "blue" }] }), state)).toBe(false);
    expect(isApplied(change({ metafieldsToDelete: [{ namespace: "byok_enrich", key: "color" }] }), state)).toBe(false);
  });
});

describe("sameInstant", () => {
  it("compares timestamps as instants", () => {
    expect(sameInstant("2026-11-01T10:00:00Z", "2026-11-01T10:00:00.000Z")).toBe(true);
    expect(sameInstant("2026-11-01T10:00:00Z", "2026-11-01T10:00:01Z")).toBe(false);
  });
});

describe("snapshotOf / revertChangeFor", () => {
  const product: CatalogProduct = {
    id: state.id,
    handle: "p",
    title: state.title,
    descriptionHtml: state.descriptionHtml,
    vendor: "V",
    productType: "T",
    status: "ACTIVE",
    tags: state.tags,
    seo: state.seo,
    options: [],
    variants: [],
    images: [],
    metafields: state.metafields,
    updatedAt: state.updatedAt,
  };

  it("captures exactly what the change overwrites and builds the change that restores it", () => {
    const enrich = change({
      title: "New",
      seo: { title: "New SEO" },
      tagsToAdd: ["cotton", "summer"],
      metafields: [
        { namespace: "byok_enrich", key: "color", type: "single_line_text_field", value: "blue" },
        { namespace: "byok_enrich", key: "material", type: "single_line_text_field", value: "cotton" },
      ],
    });
    const snapshot = snapshotOf(product, enrich);
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot); // storable as JSON
    expect(snapshot.descriptionHtml).toBeUndefined(); // not overwritten, not captured
    expect(snapshot.seo).toEqual({ title: null });
    const revert = revertChangeFor(snapshot, "2026-11-05T00:00:00Z");
    expect(revert).toEqual({
      productId: state.id,
      expectedUpdatedAt: "2026-11-05T00:00:00Z",
      title: "Old title",
      seo: { title: null },
      tagsToRemove: ["cotton"], // "summer" was the merchant's already
      metafields: [{ namespace: "byok_enrich", key: "color", type: "single_line_text_field", value: "red" }],
      metafieldsToDelete: [{ namespace: "byok_enrich", key: "material" }],
    });
  });
});

describe("splitJsonl", () => {
  it("splits into files under the byte limit, keeping line order and offsets", () => {
    const lines = Array.from({ length: 10 }, (_, i) => ({ product: { id: `gid://shopify/Product/${i}`, title: "x".repeat(40) } }));
    const one = new TextEncoder().encode(JSON.stringify(lines[0]) + "\n").byteLength;
    const files = [...splitJsonl(lines, one * 3 + 5)];
    expect(files.map((f) => [f.first, f.count])).toEqual([[0, 3], [3, 3], [6, 3], [9, 1]]);
    expect(files.every((f) => f.bytes.byteLength <= one * 3 + 5)).toBe(true);
    const text = files.map((f) => new TextDecoder().decode(f.bytes)).join("");
    expect(text.trim().split("\n").map((l) => JSON.parse(l).product.id)).toEqual(lines.map((l) => l.product.id));
  });
});

describe("bulkQueryFor", () => {
  it("splices a hostile search in as one string literal, and the document stays valid", () => {
    const search = 'title:"a" } } mutation { x } \\ $& \n';
    const document = bulkQueryFor(BULK_PRODUCTS_QUERY, search);
    expect(validate(loadAdminSchema(), parse(document)).map((e) => e.message)).toEqual([]);
    const args = (parse(document).definitions[0] as any).selectionSet.selections[0].arguments;
    expect(args.map((a: any) => [a.name.value, a.value.value])).toEqual([["query", search]]);
  });
  it("reads the app's own metafield namespace (the document names it literally)", () => {
    expect(BULK_PRODUCTS_QUERY).toContain(`metafields(namespace: "${APP_METAFIELD_NAMESPACE}")`);
  });
  it("drops the filter for the whole catalog", () => {
    const document = bulkQueryFor(BULK_PRODUCTS_QUERY);
    expect(document).toContain("products {");
    expect(validate(loadAdminSchema(), parse(document))).toEqual([]);
  });
});

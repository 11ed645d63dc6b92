// Every Admin GraphQL document the app sends must be one the real 2026-10 API accepts.
import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { loadAdminSchema } from "../simulators/shopify/admin-schema";
import { findGraphqlDocuments } from "../support/graphql-documents";

const root = new URL("../..", import.meta.url).pathname;
const documents = findGraphqlDocuments(root, ["app"]);

describe("Admin GraphQL documents in app/", () => {
  it("finds the app's documents", () => {
    expect(documents.length).toBeGreaterThan(0);
  });

  it.each(documents.map((d) => [`${d.file}:${d.line}`, d] as const))("%s is valid against Admin API 2026-10", (_, doc) => {
    // Documents are whole constants: an interpolated one could not be checked here.
    expect(doc.interpolated).toBe(false);
    const errors = validate(loadAdminSchema(), parse(doc.text));
    expect(errors.map((e) => e.message)).toEqual([]);
  });

  it("rejects a document the real API would reject (the check can fail)", () => {
    const errors = validate(loadAdminSchema(), parse(`query { products(first: 1) { nodes { titel } } }`));
    expect(errors[0]?.message).toMatch(/Cannot query field "titel" on type "Product"/);
  });
});

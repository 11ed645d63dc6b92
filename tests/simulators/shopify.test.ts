// The Shopify Admin API simulator, exercised through Shopify's own clients: if these pass,
// the simulator speaks the protocol the app's libraries speak.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdminApiClient, type AdminApiClient } from "@shopify/admin-api-client";
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, LogSeverity, RequestedTokenType, shopifyApi } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeShopifyFetch } from "./shopify/route-fetch";
import { startShopifySimulator, type ShopifySimulator } from "./shopify/server";

const API_KEY = "test-client-id";
const API_SECRET = "test-client-secret";
const SHOP = "sim-test.myshopify.com";

let sim: ShopifySimulator;
let client: AdminApiClient;

function clientFor(shop: string, accessToken: string, url = sim.url): AdminApiClient {
  return createAdminApiClient({ storeDomain: shop, apiVersion: "2026-10", accessToken, customFetchApi: routeShopifyFetch(url) });
}

async function gql<T = any>(query: string, variables?: Record<string, unknown>, c: AdminApiClient = client): Promise<T> {
  const response = await c.request(query, { variables });
  if (response.errors) throw new Error(JSON.stringify(response.errors.graphQLErrors ?? response.errors.message));
  return response.data as T;
}

async function waitForBulkOperation(id: string, c: AdminApiClient = client): Promise<any> {
  for (let i = 0; i < 200; i++) {
    const data = await gql(`query Poll($id: ID!) { bulkOperation(id: $id) { id status errorCode objectCount rootObjectCount fileSize url } }`, { id }, c);
    if (!["CREATED", "RUNNING", "CANCELING"].includes(data.bulkOperation.status)) return data.bulkOperation;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`bulk operation ${id} did not finish`);
}

const jsonl = (text: string) =>
  text
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, any>);

beforeAll(async () => {
  sim = await startShopifySimulator({ apiKey: API_KEY, apiSecret: API_SECRET, bulkOperationDelayMs: 10 });
  sim.store.seedGenerated(SHOP, 60, { seed: 42, poorContentShare: 0.25 });
  sim.store.configureShop(SHOP, { locales: ["fr", "de"] });
  client = clientFor(SHOP, sim.issueAccessToken(SHOP));
});

afterAll(async () => {
  await sim?.close();
});

describe("reading the catalog", () => {
  it("pages through a search with cursors and returns exactly the matching products", async () => {
    const vendor = sim.store.shop(SHOP).products()[0].vendor;
    const expected = sim.store
      .shop(SHOP)
      .products()
      .filter((p) => p.vendor === vendor && p.status === "ACTIVE")
      .map((p) => p.id);
    expect(expected.length).toBeGreaterThan(1);

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const data: any = await gql(
        `query Page($query: String!, $after: String) {
          products(first: 2, after: $after, query: $query) {
            edges { cursor node { id vendor status } }
            pageInfo { hasNextPage endCursor }
          }
        }`,
        { query: `vendor:'${vendor}' status:active`, after },
      );
      for (const edge of data.products.edges) {
        expect(edge.node).toMatchObject({ vendor, status: "ACTIVE" });
        seen.push(edge.node.id);
      }
      after = data.products.pageInfo.hasNextPage ? data.products.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 2));
  });

  it("answers with the cost of the request and the state of the bucket", async () => {
    const response = await client.request(`{ shop { name currencyCode } }`);
    expect(response.extensions?.cost).toMatchObject({ requestedQueryCost: 1, actualQueryCost: 1, throttleStatus: { maximumAvailable: 2000, restoreRate: 100 } });
  });
});

describe("writing", () => {
  it("productUpdate changes the product, bumps updatedAt, and later reads see it", async () => {
    const product = sim.store.shop(SHOP).products()[3];
    const before = product.updatedAt;
    const data = await gql(
      `mutation Update($product: ProductUpdateInput!) {
        productUpdate(product: $product) { product { id title updatedAt seo { title } tags } userErrors { field message } }
      }`,
      { product: { id: product.id, title: "Organic Cotton Crew Tee — Sand", seo: { title: "Organic cotton tee" }, tags: ["new", "cotton", "New"] } },
    );
    expect(data.productUpdate.userErrors).toEqual([]);
    expect(Date.parse(data.productUpdate.product.updatedAt)).toBeGreaterThan(Date.parse(before));
    expect(data.productUpdate.product.tags).toEqual(["cotton", "new"]);

    const read = await gql(`query One($id: ID!) { product(id: $id) { title seo { title } updatedAt } }`, { id: product.id });
    expect(read.product).toEqual({ title: "Organic Cotton Crew Tee — Sand", seo: { title: "Organic cotton tee" }, updatedAt: data.productUpdate.product.updatedAt });
    const found = await gql(`{ products(first: 5, query: "title:'Crew Tee — Sand'") { nodes { id } } }`);
    expect(found.products.nodes).toEqual([{ id: product.id }]);
  });

  it("productUpdate refuses a blank title with Shopify's user error and changes nothing", async () => {
    const product = sim.store.shop(SHOP).products()[4];
    const data = await gql(`mutation { productUpdate(product: { id: "${product.id}", title: " " }) { product { title } userErrors { field message } } }`);
    expect(data.productUpdate.userErrors).toEqual([{ field: ["title"], message: "Title can't be blank" }]);
    expect(data.productUpdate.product.title).toBe(product.title);
  });

  it("metafieldsSet is atomic and supports compare-and-set", async () => {
    const product = sim.store.shop(SHOP).products()[5];
    const set = `mutation Set($metafields: [MetafieldsSetInput!]!) {
      metafieldsSet(metafields: $metafields) { metafields { key value compareDigest } userErrors { field message code } }
    }`;
    const first = await gql(set, { metafields: [{ ownerId: product.id, namespace: "byok", key: "material", type: "single_line_text_field", value: "Linen" }] });
    expect(first.metafieldsSet.userErrors).toEqual([]);
    const digest = first.metafieldsSet.metafields[0].compareDigest;

    const mixed = await gql(set, {
      metafields: [
        { ownerId: product.id, namespace: "byok", key: "care", type: "single_line_text_field", value: "Hand wash" },
        { ownerId: product.id, namespace: "byok", key: "weight", type: "number_integer", value: "heavy" },
      ],
    });
    expect(mixed.metafieldsSet.userErrors).toEqual([{ field: ["metafields", "1", "value"], message: "Value must be an integer.", code: "INVALID_VALUE" }]);
    expect(product.metafields.map((m) => m.key)).toEqual(["material"]);

    await gql(set, { metafields: [{ ownerId: product.id, namespace: "byok", key: "material", value: "Wool", compareDigest: digest }] });
    const stale = await gql(set, { metafields: [{ ownerId: product.id, namespace: "byok", key: "material", value: "Silk", compareDigest: digest }] });
    expect(stale.metafieldsSet.userErrors[0].code).toBe("STALE_OBJECT");
    expect(product.metafields[0].value).toBe("Wool");
  });

  it("translationsRegister accepts the current digest and refuses a stale one", async () => {
    const product = sim.store.shop(SHOP).products()[6];
    const read = async () =>
      (await gql(`query T($id: ID!) { translatableResource(resourceId: $id) { translatableContent { key value digest locale } } }`, { id: product.id })).translatableResource
        .translatableContent as { key: string; digest: string; locale: string }[];
    const titleDigest = (await read()).find((c) => c.key === "title")!.digest;
    const register = `mutation R($id: ID!, $translations: [TranslationInput!]!) {
      translationsRegister(resourceId: $id, translations: $translations) { translations { key locale value outdated } userErrors { field message code } }
    }`;
    const ok = await gql(register, { id: product.id, translations: [{ key: "title", locale: "fr", value: "Titre", translatableContentDigest: titleDigest }] });
    expect(ok.translationsRegister).toEqual({ translations: [{ key: "title", locale: "fr", value: "Titre", outdated: false }], userErrors: [] });

    await gql(`mutation { productUpdate(product: { id: "${product.id}", title: "A new source title" }) { userErrors { message } } }`);
    const stale = await gql(register, { id: product.id, translations: [{ key: "title", locale: "de", value: "Titel", translatableContentDigest: titleDigest }] });
    expect(stale.translationsRegister.userErrors).toEqual([{ field: ["translations", "0", "translatableContentDigest"], message: "Translatable content hash is invalid", code: "INVALID_TRANSLATABLE_CONTENT" }]);
    const notEnabled = await gql(register, { id: product.id, translations: [{ key: "title", locale: "it", value: "Titolo", translatableContentDigest: (await read())[0].digest }] });
    expect(notEnabled.translationsRegister.userErrors[0].code).toBe("INVALID_LOCALE_FOR_SHOP");
    const outdated = await gql(`query O($id: ID!) { translatableResource(resourceId: $id) { translations(locale: "fr") { key outdated } } }`, { id: product.id });
    expect(outdated.translatableResource.translations).toEqual([{ key: "title", outdated: true }]);
  });
});

describe("refusals as Shopify words them", () => {
  it("rejects an invalid document with HTTP 200 and graphql-ruby's error shape", async () => {
    const response = await client.request(`query Broken { products(first: 1) { nodes { id colour } } }`);
    expect(response.errors?.networkStatusCode).toBe(200);
    expect(response.errors?.graphQLErrors).toEqual([
      {
        message: "Field 'colour' doesn't exist on type 'Product'",
        locations: [{ line: 1, column: 48 }],
        path: ["query Broken", "products", "nodes", "colour"],
        extensions: { code: "undefinedField", typeName: "Product", fieldName: "colour" },
      },
    ]);
    const syntax = await client.request(`query { shop { name `);
    expect(syntax.errors?.graphQLErrors?.[0]).toMatchObject({ message: "syntax error, unexpected end of file at [1, 16]", extensions: { code: "PARSE_ERROR" } });
    const variable = await client.request(`query One($id: ID!) { product(id: $id) { id } }`, { variables: {} });
    expect(variable.errors?.graphQLErrors?.[0]).toMatchObject({
      message: "Variable $id of type ID! was provided invalid value",
      extensions: { code: "INVALID_VARIABLE", value: null, problems: [{ path: [], explanation: "Expected value to not be null" }] },
    });
  });

  it("refuses a query costing more than 1000 points without running it", async () => {
    const response = await client.request(`{ products(first: 250) { nodes { id variants(first: 250) { nodes { id metafields(first: 250) { nodes { value } } } } } } }`);
    const error = response.errors?.graphQLErrors?.[0];
    expect(error?.extensions).toMatchObject({ code: "MAX_COST_EXCEEDED", maxCost: 1000 });
    expect(error?.message).toMatch(/^Query cost is \d+, which exceeds the single query max cost limit \(1000\)/);
    expect(response.data).toBeUndefined();
  });

  it("answers 401 to a token it did not issue", async () => {
    const stranger = clientFor(SHOP, "shpat_00000000000000000000000000000000");
    const response = await stranger.request(`{ shop { name } }`);
    expect(response.errors?.networkStatusCode).toBe(401);
    const otherShop = clientFor("another-shop.myshopify.com", sim.issueAccessToken(SHOP));
    expect((await otherShop.request(`{ shop { name } }`)).errors?.networkStatusCode).toBe(401);
  });
});

describe("query cost", () => {
  // Requested costs the live Admin API reported for these documents (captured 2026).
  it.each([
    [`{ shop { name } }`, 1],
    [`{ products(first: 1) { nodes { id title status } } }`, 3],
    [`{ products(first: 250) { nodes { id } pageInfo { hasNextPage endCursor } } }`, 13],
    [`{ productsCount { count precision } }`, 10],
    [`query($id: ID!) { translatableResource(resourceId: $id) { resourceId translatableContent { key value digest locale type } } }`, 2],
    [`mutation($p: ProductUpdateInput!) { productUpdate(product: $p) { product { id title seo { title } } userErrors { field message } } }`, 11],
    [`mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id status } userErrors { field message code } } }`, 10],
  ])("%s costs %i points", async (query, cost) => {
    const variables = { id: sim.store.shop(SHOP).products()[0].id, p: { id: sim.store.shop(SHOP).products()[0].id }, q: "{ shop { id } }" };
    const used = Object.fromEntries(Object.entries(variables).filter(([name]) => query.includes(`$${name}`)));
    const response = await client.request(query, { variables: used });
    expect(response.extensions?.cost?.requestedQueryCost).toBe(cost);
  });
});

describe("throttling", () => {
  it("throttles an over-budget burst with THROTTLED, and the bucket refills at the restore rate", async () => {
    const small = await startShopifySimulator({ apiKey: API_KEY, apiSecret: API_SECRET, bucketSize: 12, restoreRate: 100 });
    try {
      small.store.seedGenerated(SHOP, 5);
      const c = clientFor(SHOP, small.issueAccessToken(SHOP), small.url);
      // 2 + 3 × 1 = 5 points requested, and (a full page) 5 spent: two fit in the bucket, not three.
      const query = `{ products(first: 5) { nodes { id title } } }`;
      const burst = await Promise.all(Array.from({ length: 8 }, () => c.request(query)));
      const throttled = burst.filter((r) => r.errors?.graphQLErrors?.[0]?.extensions?.code === "THROTTLED");
      expect(throttled.length).toBeGreaterThan(0);
      const first = throttled[0];
      expect(first.errors?.networkStatusCode).toBe(200);
      expect(first.errors?.graphQLErrors?.[0]?.message).toBe("Throttled");
      const status = first.extensions?.cost?.throttleStatus as { currentlyAvailable: number; restoreRate: number };
      expect(first.extensions?.cost).toMatchObject({ requestedQueryCost: 5, actualQueryCost: null });
      expect(status.currentlyAvailable).toBeLessThan(5);
      expect(small.stats(SHOP).throttled).toBe(throttled.length);

      const waitMs = Math.ceil(((5 - status.currentlyAvailable) / status.restoreRate) * 1000) + 20;
      await new Promise((r) => setTimeout(r, waitMs));
      const after = await c.request(query);
      expect(after.errors).toBeUndefined();
      expect((after.data as any).products.nodes).toHaveLength(5);
    } finally {
      await small.close();
    }
  });
});

describe("bulk operations", () => {
  it("runs a bulk query to COMPLETED and serves JSONL with children after their parents", async () => {
    const run = await gql(`mutation Run($query: String!) { bulkOperationRunQuery(query: $query) { bulkOperation { id status } userErrors { field message code } } }`, {
      query: `{ products(query: "status:active") { edges { node { id title seo { title } variants { edges { node { id sku price } } } media { edges { node { ... on MediaImage { id alt } } } } } } } }`,
    });
    expect(run.bulkOperationRunQuery.userErrors).toEqual([]);
    expect(run.bulkOperationRunQuery.bulkOperation.status).toBe("CREATED");
    const done = await waitForBulkOperation(run.bulkOperationRunQuery.bulkOperation.id);
    expect(done.status).toBe("COMPLETED");

    const lines = jsonl(await (await fetch(done.url)).text());
    const active = sim.store.shop(SHOP).products().filter((p) => p.status === "ACTIVE");
    const roots = lines.filter((l) => !("__parentId" in l));
    expect(roots.map((l) => l.id)).toEqual(active.map((p) => p.id));
    expect(done.rootObjectCount).toBe(String(roots.length));
    expect(done.objectCount).toBe(String(lines.length));
    const seenParents = new Set<string>();
    for (const line of lines) {
      if ("__parentId" in line) expect(seenParents.has(line.__parentId)).toBe(true);
      else seenParents.add(line.id);
      expect(line).not.toHaveProperty("variants");
    }
    expect(lines.filter((l) => l.__parentId && l.sku !== undefined)).toHaveLength(active.reduce((n, p) => n + p.variants.length, 0));
  });

  it("refuses bulk queries beyond the documented limits with Shopify's messages", async () => {
    const run = (query: string) =>
      gql(`mutation Run($query: String!) { bulkOperationRunQuery(query: $query) { bulkOperation { id } userErrors { field message code } } }`, { query }).then((d) => d.bulkOperationRunQuery);
    const conn = (name: string) => `${name} { edges { node { id } } }`;
    expect((await run(`{ products { edges { node { id ${conn("variants")} ${conn("metafields")} ${conn("collections")} ${conn("media")} ${conn("sellingPlanGroups")} } } } }`)).userErrors).toEqual([
      { field: ["query"], message: "Bulk queries cannot contain more than 5 connections.", code: "INVALID" },
    ]);
    expect((await run(`{ node(id: "gid://shopify/Product/1") { id } }`)).userErrors.map((e: any) => e.message)).toEqual([
      "Bulk queries cannot contain a top level `node` field.",
      "Bulk queries must contain at least one connection.",
    ]);
    expect((await run(`{ collections { edges { node { id products { edges { node { id variants { edges { node { id } } } } } } } } } }`)).userErrors[0].message).toBe(
      "Bulk queries cannot contain connections with a nesting depth greater than 2.",
    );
  });

  it("runs a bulk mutation from a staged upload and reports each line with __lineNumber and its userErrors", async () => {
    const [good, other] = sim.store.shop(SHOP).products().slice(10, 12);
    const staged = await gql(
      `mutation Stage($input: [StagedUploadInput!]!) { stagedUploadsCreate(input: $input) { stagedTargets { url resourceUrl parameters { name value } } userErrors { field message } } }`,
      { input: [{ resource: "BULK_MUTATION_VARIABLES", filename: "updates.jsonl", mimeType: "text/jsonl", httpMethod: "POST" }] },
    );
    const target = staged.stagedUploadsCreate.stagedTargets[0];
    const variables = [
      { product: { id: good.id, title: "Bulk-written title" } },
      { product: { id: "gid://shopify/Product/1", title: "Nobody" } },
      { product: { id: other.id, title: "" } },
    ];
    const form = new FormData();
    for (const { name, value } of target.parameters) form.append(name, value);
    form.append("file", new Blob([variables.map((v) => JSON.stringify(v)).join("\n")], { type: "text/jsonl" }), "updates.jsonl");
    const upload = await fetch(target.url, { method: "POST", body: form });
    expect(upload.status).toBe(201);

    const key = target.parameters.find((p: { name: string }) => p.name === "key").value;
    const run = await gql(
      `mutation Run($mutation: String!, $path: String!) { bulkOperationRunMutation(mutation: $mutation, stagedUploadPath: $path) { bulkOperation { id type status } userErrors { field message code } } }`,
      {
        mutation: `mutation Update($product: ProductUpdateInput!) { productUpdate(product: $product) { product { id title } userErrors { field message } } }`,
        path: key,
      },
    );
    expect(run.bulkOperationRunMutation.userErrors).toEqual([]);
    expect(run.bulkOperationRunMutation.bulkOperation).toMatchObject({ type: "MUTATION", status: "CREATED" });
    const done = await waitForBulkOperation(run.bulkOperationRunMutation.bulkOperation.id);
    expect(done.status).toBe("COMPLETED");

    const lines = jsonl(await (await fetch(done.url)).text()).sort((a, b) => a.__lineNumber - b.__lineNumber);
    expect(lines.map((l) => l.__lineNumber)).toEqual([0, 1, 2]);
    expect(lines[0].data.productUpdate).toEqual({ product: { id: good.id, title: "Bulk-written title" }, userErrors: [] });
    expect(lines[1].data.productUpdate).toEqual({ product: null, userErrors: [{ field: ["id"], message: "Product does not exist" }] });
    expect(lines[2].data.productUpdate.userErrors).toEqual([{ field: ["title"], message: "Title can't be blank" }]);
    expect(sim.store.shop(SHOP).product(good.id)?.title).toBe("Bulk-written title");
    expect(sim.stats(SHOP).bulkMutations).toBe(1);
  });

  it("refuses a bulk mutation whose staged file does not exist", async () => {
    const run = await gql(
      `mutation Run($mutation: String!, $path: String!) { bulkOperationRunMutation(mutation: $mutation, stagedUploadPath: $path) { bulkOperation { id } userErrors { field message code } } }`,
      { mutation: `mutation U($product: ProductUpdateInput!) { productUpdate(product: $product) { userErrors { message } } }`, path: "tmp/1/bulk/missing/file.jsonl" },
    );
    expect(run.bulkOperationRunMutation.userErrors[0].code).toBe("NO_SUCH_FILE");
  });
});

describe("auth and webhooks", () => {
  const shopify = shopifyApi({
    apiKey: API_KEY,
    apiSecretKey: API_SECRET,
    apiVersion: ApiVersion.October26,
    hostName: "byok-enrich.example.com",
    isEmbeddedApp: true,
    scopes: ["write_products"],
    logger: { level: LogSeverity.Error },
  });

  async function sessionToken(secret: string) {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ dest: `https://${SHOP}`, iss: `https://${SHOP}/admin`, sid: "session-1", jti: crypto.randomUUID() })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setAudience(API_KEY)
      .setSubject("42")
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + 60)
      .sign(new TextEncoder().encode(secret));
  }

  it("token exchange (via @shopify/shopify-api) issues an expiring offline token the Admin API accepts, and its refresh rotates it", async () => {
    setAbstractFetchFunc(routeShopifyFetch(sim.url));
    const { session } = await shopify.auth.tokenExchange({ shop: SHOP, sessionToken: await sessionToken(API_SECRET), requestedTokenType: RequestedTokenType.OfflineAccessToken, expiring: true });
    expect(session.isOnline).toBe(false);
    expect(session.refreshToken).toMatch(/^shprt_/);
    expect(session.expires!.getTime()).toBeGreaterThan(Date.now());
    const data = await gql(`{ shop { myshopifyDomain } }`, undefined, clientFor(SHOP, session.accessToken!));
    expect(data.shop.myshopifyDomain).toBe(SHOP);

    const { session: refreshed } = await shopify.auth.refreshToken({ shop: SHOP, refreshToken: session.refreshToken! });
    expect(refreshed.accessToken).not.toBe(session.accessToken);
    expect((await clientFor(SHOP, session.accessToken!).request(`{ shop { name } }`)).errors?.networkStatusCode).toBe(401);
    expect((await clientFor(SHOP, refreshed.accessToken!).request(`{ shop { name } }`)).errors).toBeUndefined();
  });

  it("token exchange refuses a session token signed with another secret", async () => {
    const response = await routeShopifyFetch(sim.url)(`https://${SHOP}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({
        client_id: API_KEY,
        client_secret: API_SECRET,
        grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
        subject_token: await sessionToken("not-the-app-secret"),
        subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
        requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_subject_token" });
  });

  it("delivers a webhook whose HMAC and headers @shopify/shopify-api validates", async () => {
    const received: { headers: IncomingMessage["headers"]; body: string }[] = [];
    const validations: unknown[] = [];
    const app = createServer(async (req, res) => {
      let body = "";
      for await (const chunk of req) body += chunk;
      received.push({ headers: req.headers, body });
      validations.push(await shopify.webhooks.validate({ rawBody: body, rawRequest: req, rawResponse: res }));
      res.writeHead(200).end();
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    try {
      const address = `http://127.0.0.1:${(app.address() as AddressInfo).port}/webhooks/products/update`;
      const { status, webhookId } = await sim.deliverWebhook({ shop: SHOP, topic: "products/update", payload: { id: 1, title: "Déjà vu ☕" }, address });
      expect(status).toBe(200);
      expect(validations[0]).toMatchObject({ valid: true, topic: "PRODUCTS_UPDATE", domain: SHOP, webhookId, apiVersion: "2026-10" });
      expect(received[0].headers["x-shopify-event-id"]).toBeTruthy();
      expect(received[0].headers["x-shopify-triggered-at"]).toBeTruthy();
      expect(JSON.parse(received[0].body)).toEqual({ id: 1, title: "Déjà vu ☕" });
    } finally {
      await new Promise<void>((resolve) => app.close(() => resolve()));
    }
  });
});

describe("seeding and export", () => {
  it("round-trips the bulk-export shape, translations and metafields included", async () => {
    const jsonlText = sim.store.exportJsonl(SHOP);
    const copy = await startShopifySimulator({ apiKey: API_KEY, apiSecret: API_SECRET });
    try {
      const read = await copy.store.seedFromJsonl("copy.myshopify.com", jsonlText);
      expect(read).toBe(sim.store.shop(SHOP).productCount);
      expect(copy.store.exportJsonl("copy.myshopify.com")).toBe(jsonlText);
      const withTranslation = jsonl(jsonlText).find((l) => l.translations?.length);
      expect(withTranslation?.translations[0]).toEqual({ key: "title", locale: "fr", value: "Titre" });
    } finally {
      await copy.close();
    }
  });

  it("generates the same catalog for the same seed, with a share of poor content", () => {
    const a = new (sim.store.constructor as any)();
    const b = new (sim.store.constructor as any)();
    a.seedGenerated("x", 200, { seed: 9, poorContentShare: 0.3 });
    b.seedGenerated("x", 200, { seed: 9, poorContentShare: 0.3 });
    expect(a.exportJsonl("x")).toBe(b.exportJsonl("x"));
    const products = a.shop("x").products();
    const poor = products.filter((p: any) => p.descriptionHtml.length < 40);
    expect(poor.length).toBeGreaterThan(20);
    expect(poor.length).toBeLessThan(120);
    expect(products.some((p: any) => p.media.some((m: any) => m.alt === ""))).toBe(true);
  });
});

// POST /admin/api/{version}/graphql.json: Shopify's access-token check (401 otherwise), the
// request body rules, then the executor against the shop's leaky bucket; calls are counted.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AdminContext } from "../graphql/context";
import type { AdminGraphqlExecutor, GraphqlRequest } from "../graphql/executor";
import type { CallStats } from "../stats";
import type { LeakyBucket } from "../throttle";
import type { AccessTokenRegistry } from "./access-tokens";
import { header, readBody, sendJson } from "./http-util";

export const API_VERSION = "2026-10";
const BULK_RUNS = new Set(["bulkOperationRunQuery", "bulkOperationRunMutation"]);

export interface GraphqlEndpointDeps {
  executor: AdminGraphqlExecutor;
  tokens: AccessTokenRegistry;
  stats: CallStats;
  bucket: (shop: string) => LeakyBucket;
  context: (shop: string) => AdminContext;
}

function parseRequest(contentType: string, body: Buffer): GraphqlRequest | null {
  const text = body.toString("utf8");
  if (contentType.includes("application/graphql")) return { query: text };
  try {
    const json = JSON.parse(text) as Partial<GraphqlRequest>;
    if (!json || typeof json.query !== "string") return null;
    const variables = typeof json.variables === "string" ? (JSON.parse(json.variables) as Record<string, unknown>) : json.variables;
    return { query: json.query, variables: variables ?? {}, operationName: json.operationName ?? null };
  } catch {
    return null;
  }
}

export async function handleGraphql(deps: GraphqlEndpointDeps, shop: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = { "x-request-id": randomUUID(), "x-shopify-api-version": API_VERSION };
  if (!deps.tokens.verify(shop, header(req, "x-shopify-access-token"))) {
    return sendJson(res, 401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" }, headers);
  }
  const request = parseRequest(String(req.headers["content-type"] ?? ""), await readBody(req));
  if (!request) return sendJson(res, 400, { errors: { query: "Required parameter missing or invalid" } }, headers);
  const outcome = await deps.executor.run(request, deps.context(shop), deps.bucket(shop));
  if (outcome.throttled) deps.stats.count(shop, "throttled");
  else if (!(outcome.rootFields.length > 0 && outcome.rootFields.every((f) => BULK_RUNS.has(f)))) {
    // Bulk runs are counted when they create an operation; everything else is a direct call.
    deps.stats.count(shop, outcome.operationType === "mutation" ? "directMutations" : "directQueries");
  }
  sendJson(res, 200, outcome.body, headers);
}

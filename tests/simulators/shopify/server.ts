// The Shopify Admin API simulator: an HTTP server on 127.0.0.1 answering the Admin GraphQL API
// (2026-10, validated against the real schema), OAuth token exchange, staged uploads and bulk
// operation result files, for any number of shops held in memory. See README-like notes in
// the exported interfaces below.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { loadAdminSchema } from "./admin-schema";
import { BulkOperationRegistry } from "./bulk/bulk-operations";
import type { AdminContext } from "./graphql/context";
import { AdminGraphqlExecutor } from "./graphql/executor";
import { adminResolvers } from "./graphql/resolvers";
import { AccessTokenRegistry, DEFAULT_SCOPES } from "./http/access-tokens";
import { handleGraphql } from "./http/graphql-endpoint";
import { PayloadTooLarge, sendJson, shopOf } from "./http/http-util";
import { handleAccessTokenRequest } from "./http/oauth";
import { StagedUploadRegistry } from "./http/staged-uploads";
import { deliverWebhook } from "./http/webhooks";
import { CallStats, type ShopCallStats } from "./stats";
import { normalizeShopDomain, ShopStore } from "./store";
import { LeakyBucket } from "./throttle";

export interface ShopifySimulatorOptions {
  /** 0/undefined = a random free port on 127.0.0.1. */
  port?: number;
  /** The app's client id. */
  apiKey: string;
  /** Signs webhooks; verifies session tokens in token exchange. */
  apiSecret: string;
  /** Points per second, default 100 (Standard plan). */
  restoreRate?: number;
  /** Default 2000 (what the live API reports for a Standard plan store today). */
  bucketSize?: number;
  /** How long a bulk operation stays CREATED, and at least RUNNING; default 50 ms. */
  bulkOperationDelayMs?: number;
  /** Scopes granted to issued tokens. */
  scopes?: string;
}

export interface ShopifySimulator {
  url: string;
  port: number;
  store: ShopStore;
  /** An offline access token the simulator accepts for this shop. */
  issueAccessToken(shop: string, scopes?: string): string;
  deliverWebhook(args: { shop: string; topic: string; payload: unknown; address: string; webhookId?: string; eventId?: string; apiVersion?: string }): Promise<{ status: number; webhookId: string }>;
  stats(shop: string): ShopCallStats;
  close(): Promise<void>;
}

/** The installed app's metafield namespace: "app--" and a stable number derived from the client id. */
export function appNamespaceFor(apiKey: string): string {
  return `app--${Number.parseInt(createHash("sha256").update(apiKey).digest("hex").slice(0, 10), 16) % 1_000_000_000_000}`;
}

export async function startShopifySimulator(options: ShopifySimulatorOptions): Promise<ShopifySimulator> {
  const store = new ShopStore();
  const stats = new CallStats();
  const tokens = new AccessTokenRegistry();
  const stagedUploads = new StagedUploadRegistry();
  const executor = new AdminGraphqlExecutor(loadAdminSchema(), adminResolvers);
  const appNamespace = appNamespaceFor(options.apiKey);
  const buckets = new Map<string, LeakyBucket>();
  const bucket = (shop: string) => {
    let b = buckets.get(shop);
    if (!b) {
      b = new LeakyBucket(options.bucketSize ?? 2000, options.restoreRate ?? 100);
      buckets.set(shop, b);
    }
    return b;
  };
  const context = (shop: string): AdminContext => ({ shop: store.shop(shop), appNamespace, bulkOperations, stagedUploads });
  const bulkOperations: BulkOperationRegistry = new BulkOperationRegistry({ executor, ids: store.ids, stats, context, delayMs: options.bulkOperationDelayMs ?? 50 });
  const scopes = options.scopes ?? DEFAULT_SCOPES;

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://simulator.local");
    if (url.pathname.startsWith("/staged-uploads/")) return stagedUploads.handle(req, res, url);
    const result = /^\/bulk-operation-outputs\/(\d+)\.jsonl$/.exec(url.pathname);
    if (result && req.method === "GET") {
      const path = bulkOperations.resultFile(result[1], url.searchParams.get("token") ?? "");
      if (!path) return sendJson(res, 404, { error: "NoSuchKey" });
      res.writeHead(200, { "content-type": "application/jsonl" });
      createReadStream(path).pipe(res);
      return;
    }
    const shop = shopOf(req);
    if (!shop) return sendJson(res, 404, { errors: "Not Found" });
    if (req.method === "POST" && /^\/admin\/api\/[\w-]+\/graphql\.json$/.test(url.pathname)) {
      return handleGraphql({ executor, tokens, stats, bucket, context }, shop, req, res);
    }
    if (req.method === "POST" && url.pathname === "/admin/oauth/access_token") {
      return handleAccessTokenRequest({ apiKey: options.apiKey, apiSecret: options.apiSecret, tokens, scopes }, shop, req, res);
    }
    return sendJson(res, 404, { errors: "Not Found" });
  };

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof PayloadTooLarge) return sendJson(res, 413, { errors: "Payload Too Large" });
      console.error("[shopify-simulator] request failed:", error);
      sendJson(res, 500, { errors: "Internal Server Error" });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  bulkOperations.baseUrl = url;
  stagedUploads.baseUrl = url;

  return {
    url,
    port,
    store,
    issueAccessToken: (shop, tokenScopes) => tokens.issueOffline(normalizeShopDomain(shop), tokenScopes ?? scopes).access_token,
    deliverWebhook: (args) => deliverWebhook(options.apiSecret, { ...args, shop: normalizeShopDomain(args.shop) }),
    stats: (shop) => stats.snapshot(normalizeShopDomain(shop)),
    close: async () => {
      bulkOperations.close();
      stagedUploads.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

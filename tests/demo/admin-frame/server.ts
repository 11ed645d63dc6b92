// A local stand-in for Shopify's admin around an embedded app: serves the admin page
// (/store/<handle>/apps/<app-handle>[/<app path>]), the App Bridge stand-in (/app-bridge.js) and
// session tokens for the page's App Bridge requests. Like Shopify's admin, it alone holds the
// app's API secret and signs the tokens; the app verifies them with the real library.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { adminHostParam, shopHandle, signSessionToken } from "./session-token";
import { renderAdminPage } from "./page";

export interface AdminFrameOptions {
  apiKey: string;
  apiSecret: string;
  /** SHOPIFY_APP_URL: where the app is served (origin, no trailing slash). */
  appUrl: string;
  /** The shops this admin knows (myshopify domains). */
  shops: string[];
  appName?: string;
  appHandle?: string;
  port?: number;
  host?: string;
  /** The shop's products for the resource picker (the admin reads its own catalog). */
  listProducts?: (shop: string, query: string) => PickerProduct[];
}

/** What the resource picker hands the app for a chosen product (a subset of App Bridge's). */
export interface PickerProduct {
  id: string;
  title: string;
  handle: string;
  status: string;
  totalVariants: number;
}

export interface AdminFrame {
  url: string;
  /** The admin page that shows the app for `shop`, optionally at an app path such as "/settings". */
  adminUrl(shop: string, appPath?: string): string;
  /** Where the App Bridge stand-in is served (what the app proxy puts in place of Shopify's CDN). */
  appBridgeUrl: string;
  /** How many session tokens the admin has signed so far. */
  tokensIssued(): number;
  close(): Promise<void>;
}

const APP_BRIDGE_SOURCE = new URL("./app-bridge.js", import.meta.url);
export const APP_BRIDGE_PATH = "/app-bridge.js";

export async function startAdminFrame(options: AdminFrameOptions): Promise<AdminFrame> {
  const appName = options.appName ?? "BYOK Enrich";
  const appHandle = options.appHandle ?? "byok-enrich";
  const appUrl = options.appUrl.replace(/\/$/, "");
  const appOrigin = new URL(appUrl).origin;
  const shopsByHandle = new Map(options.shops.map((shop) => [shopHandle(shop), shop]));
  const appBridgeSource = readFileSync(APP_BRIDGE_SOURCE, "utf8");
  let tokensIssued = 0;

  // One admin user with one admin session per shop while this server runs, as in a browser tab.
  const sessionIds = new Map(options.shops.map((shop) => [shop, randomUUID()]));
  const issueToken = (shop: string) => {
    tokensIssued++;
    return signSessionToken({ shop, apiKey: options.apiKey, apiSecret: options.apiSecret, sid: sessionIds.get(shop) });
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://admin.local");
    if (req.method === "GET" && url.pathname === APP_BRIDGE_PATH) {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" });
      res.end(appBridgeSource);
      return;
    }
    if (url.pathname === "/favicon.ico") {
      res.writeHead(204).end();
      return;
    }
    if (req.method === "GET" && url.pathname === "/") {
      const [first] = options.shops;
      res.writeHead(302, { location: `/store/${shopHandle(first)}/apps/${appHandle}` });
      res.end();
      return;
    }
    const page = url.pathname.match(/^\/store\/([^/]+)\/apps\/([^/]+)(\/.*)?$/);
    if (req.method === "GET" && page && page[2] === appHandle && shopsByHandle.has(page[1])) {
      const shop = shopsByHandle.get(page[1])!;
      // As Shopify's admin does: the app's URL with embedded=1, shop, host and a fresh id_token.
      const query = new URLSearchParams({
        embedded: "1",
        shop,
        host: adminHostParam(shop),
        locale: "en",
        id_token: await issueToken(shop),
      });
      const iframeSrc = `${appUrl}/app${page[3] ?? ""}?${query}`;
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(
        renderAdminPage({
          shop,
          appName,
          appOrigin,
          iframeSrc,
          tokenPath: `/store/${page[1]}/session-token`,
          pickerPath: `/store/${page[1]}/resource-picker`,
        }),
      );
      return;
    }
    const picker = url.pathname.match(/^\/store\/([^/]+)\/resource-picker$/);
    if (req.method === "GET" && picker && shopsByHandle.has(picker[1])) {
      if (req.headers["x-admin-frame"] !== "1") {
        res.writeHead(403).end();
        return;
      }
      const products = options.listProducts?.(shopsByHandle.get(picker[1])!, url.searchParams.get("query") ?? "") ?? [];
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify({ products: products.slice(0, 250) }));
      return;
    }
    const token = url.pathname.match(/^\/store\/([^/]+)\/session-token$/);
    if (req.method === "POST" && token && shopsByHandle.has(token[1])) {
      // A custom header cannot be sent cross-origin without a preflight this server never
      // answers: only the admin page itself can ask for tokens.
      if (req.headers["x-admin-frame"] !== "1") {
        res.writeHead(403).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify({ token: await issueToken(shopsByHandle.get(token[1])!) }));
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      res.writeHead(500, { "content-type": "text/plain" }).end(String(error));
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://${host}:${port}`;

  return {
    url: base,
    adminUrl: (shop, appPath = "") => `${base}/store/${shopHandle(shop)}/apps/${appHandle}${appPath}`,
    appBridgeUrl: `${base}${APP_BRIDGE_PATH}`,
    tokensIssued: () => tokensIssued,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

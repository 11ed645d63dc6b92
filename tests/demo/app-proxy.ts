// A reverse proxy in front of the app: its URL is SHOPIFY_APP_URL. It stands in for what
// Shopify's admin and CDN provide and nothing else:
//   - the app's pages load App Bridge from https://cdn.shopify.com/shopifycloud/app-bridge.js,
//     which is unreachable here: the proxy points that URL (in HTML and the Link preload header)
//     at the local App Bridge stand-in;
//   - the app's CSP `frame-ancestors` names only Shopify's admin origins: the proxy adds the
//     local admin frame's origin so the browser lets it embed the app.
// Everything else — the app's auth, its responses, its status codes — passes through untouched.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const SHOPIFY_APP_BRIDGE_URL = "https://cdn.shopify.com/shopifycloud/app-bridge.js";

export interface AppProxyOptions {
  /** Where the app listens, e.g. http://127.0.0.1:4123. */
  target: string;
  /** The local admin's origin, allowed to frame the app. */
  adminOrigin: string;
  /** The App Bridge stand-in's URL. */
  appBridgeUrl: string;
  port?: number;
  host?: string;
}

export interface AppProxy {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Adds the local admin to the app's `frame-ancestors` directive. */
export function allowAdminToFrame(csp: string, adminOrigin: string): string {
  return csp.replace(/frame-ancestors([^;]*)/, (directive, sources: string) =>
    sources.includes("'none'") ? directive : `frame-ancestors${sources} ${adminOrigin}`,
  );
}

export async function startAppProxy(options: AppProxyOptions): Promise<AppProxy> {
  const target = new URL(options.target);

  function forward(req: IncomingMessage, res: ServerResponse) {
    const headers = { ...req.headers };
    // Ask for an uncompressed body so HTML can be rewritten; Host is kept, as a tunnel keeps it.
    delete headers["accept-encoding"];
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      (answer) => {
        const responseHeaders = { ...answer.headers };
        const csp = responseHeaders["content-security-policy"];
        if (typeof csp === "string") {
          responseHeaders["content-security-policy"] = allowAdminToFrame(csp, options.adminOrigin);
        }
        if (typeof responseHeaders.link === "string") {
          responseHeaders.link = responseHeaders.link.replaceAll(SHOPIFY_APP_BRIDGE_URL, options.appBridgeUrl);
        }
        if (!String(answer.headers["content-type"] ?? "").includes("text/html")) {
          res.writeHead(answer.statusCode ?? 502, answer.statusMessage, responseHeaders);
          answer.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () => {
          const html = Buffer.concat(chunks).toString("utf8").replaceAll(SHOPIFY_APP_BRIDGE_URL, options.appBridgeUrl);
          const body = Buffer.from(html, "utf8");
          delete responseHeaders["transfer-encoding"];
          responseHeaders["content-length"] = String(body.length);
          res.writeHead(answer.statusCode ?? 502, answer.statusMessage, responseHeaders);
          res.end(body);
        });
        answer.on("error", () => res.destroy());
      },
    );
    upstream.on("error", (error) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end(`App not reachable: ${error.message}`);
    });
    req.pipe(upstream);
  }

  const server = createServer(forward);
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

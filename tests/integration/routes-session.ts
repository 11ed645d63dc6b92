// What the route tests share: the app's Shopify configuration (set before app/shopify.server is
// imported — import this module first), installed shops (an offline session stored by the
// app's own PrismaSessionStorage), and Requests carrying a session token signed with the app
// secret exactly as Shopify's admin signs it, so the real `authenticate.admin` runs.
import { randomBytes, randomUUID } from "node:crypto";
import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { signSessionToken } from "../demo/admin-frame/session-token";

export const API_KEY = "byok-route-tests-client-id";
export const API_SECRET = `route-tests-secret-${randomBytes(16).toString("hex")}`;
export const APP_URL = "https://byok-route-tests.example.com";

process.env.SHOPIFY_API_KEY = API_KEY;
process.env.SHOPIFY_API_SECRET = API_SECRET;
process.env.SHOPIFY_APP_URL = APP_URL;
delete process.env.SCOPES;

import { dedicateJobRunnerTo } from "../support/job-scope";

const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;

/** A shop with the app installed: its offline session is where the app looks for it. */
export async function installShop(prefix: string): Promise<string> {
  const shop = `${prefix}-${randomUUID().slice(0, 8)}.myshopify.com`;
  dedicateJobRunnerTo(shop);
  const { default: prisma } = await import("../../app/db.server");
  const farFuture = new Date(Date.now() + TEN_YEARS_MS);
  const session = new Session({
    id: `offline_${shop}`,
    shop,
    state: "",
    isOnline: false,
    scope: "read_products,write_products",
    accessToken: `shpat_${randomBytes(16).toString("hex")}`,
    expires: farFuture,
    refreshToken: `shprt_${randomBytes(16).toString("hex")}`,
    refreshTokenExpires: farFuture,
  });
  if (!(await new PrismaSessionStorage(prisma).storeSession(session))) throw new Error(`could not store the session of ${shop}`);
  return shop;
}

export interface RouteRequestOptions {
  method?: "GET" | "POST";
  /** Form fields of a POST (sent as application/x-www-form-urlencoded, as Remix forms are). */
  form?: Record<string, string>;
  /** Sign the token with another secret (a forgery). */
  secret?: string;
  /** No session token at all. */
  anonymous?: boolean;
}

/** A request from the embedded app of `shop` (App Bridge adds the bearer token to every fetch). */
export async function appRequest(shop: string, path: string, options: RouteRequestOptions = {}): Promise<Request> {
  const headers = new Headers();
  if (!options.anonymous) {
    const token = await signSessionToken({ shop, apiKey: API_KEY, apiSecret: options.secret ?? API_SECRET });
    headers.set("authorization", `Bearer ${token}`);
  }
  const method = options.method ?? (options.form ? "POST" : "GET");
  let body: URLSearchParams | undefined;
  if (options.form) {
    body = new URLSearchParams(options.form);
    headers.set("content-type", "application/x-www-form-urlencoded");
  }
  return new Request(new URL(path, APP_URL), { method, headers, body });
}

type RouteFunction = (args: {
  request: Request;
  params: Record<string, string>;
  context: Record<string, unknown>;
}) => Promise<unknown>;

/** Runs a loader or action; a thrown Response (a refusal, a redirect) is returned like any other. */
export async function callRoute(fn: unknown, request: Request, params: Record<string, string> = {}): Promise<Response> {
  try {
    const result = await (fn as RouteFunction)({ request, params, context: {} });
    if (result instanceof Response) return result;
    return new Response(JSON.stringify(result), { headers: { "content-type": "application/json" } });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** The response's JSON body (the status is asserted by the caller). */
export async function jsonOf<T = any>(response: Response): Promise<T> {
  return (await response.clone().json()) as T;
}

/** Every byte the response carries, headers included, for searching. */
export async function everything(response: Response): Promise<string> {
  const headers = [...response.headers.entries()].map(([k, v]) => `${k}: ${v}`).join("\n");
  return `${response.status}\n${headers}\n\n${await response.clone().text()}`;
}

/** Output written to the console and process streams while `fn` runs. */
export async function captureOutput<T>(fn: () => Promise<T>): Promise<{ result: T; output: string }> {
  const chunks: string[] = [];
  const originals = {
    stdout: process.stdout.write.bind(process.stdout),
    stderr: process.stderr.write.bind(process.stderr),
    log: console.log,
    info: console.info,
    warn: console.warn,
    error: console.error,
    debug: console.debug,
  };
  const record = (...args: unknown[]) => {
    chunks.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a, Object.getOwnPropertyNames(a ?? {})))).join(" "));
  };
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    chunks.push(String(chunk));
    return originals.stdout(chunk as string, ...(rest as []));
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
    chunks.push(String(chunk));
    return originals.stderr(chunk as string, ...(rest as []));
  }) as typeof process.stderr.write;
  console.log = console.info = console.warn = console.error = console.debug = record;
  try {
    const result = await fn();
    return { result, output: chunks.join("\n") };
  } finally {
    process.stdout.write = originals.stdout;
    process.stderr.write = originals.stderr;
    Object.assign(console, {
      log: originals.log,
      info: originals.info,
      warn: originals.warn,
      error: originals.error,
      debug: originals.debug,
    });
  }
}

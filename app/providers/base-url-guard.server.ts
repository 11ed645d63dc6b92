// Base-URL safety for merchant-supplied provider endpoints (SSRF protection).
//
// In the hosted app a merchant can type any base URL ("custom OpenAI-compatible", Azure, …).
// Our server then sends requests — with the merchant's key — wherever it points, so the URL
// must not reach our own network: loopback, private and carrier-grade NAT ranges, unique-local,
// link-local, cloud metadata endpoints, unspecified/broadcast/multicast, and IPv6 forms that
// embed any of these. Rules:
// - only http/https, no credentials in the URL;
// - every address a name resolves to must be public unicast (allowlist: ipaddr.js "unicast");
// - redirects are followed by hand, each hop checked again (max 5);
// - the connection itself is pinned to the checked addresses (the check runs inside the
//   socket's DNS lookup), so a name cannot resolve to a public address for the check and a
//   private one for the connection (DNS rebinding).
// Self-hosted installs set BYOK_ALLOW_PRIVATE_PROVIDER_URLS=true to reach local endpoints
// such as Ollama or LM Studio on localhost (the demo and tests do).
import { lookup as dnsLookup } from "node:dns/promises";
import type { LookupAddress, LookupOptions } from "node:dns";
import ipaddr from "ipaddr.js";
import { Agent } from "undici";

export type Resolver = (hostname: string) => Promise<ReadonlyArray<{ address: string; family: number }>>;

/** true/false for every URL, or a decision per URL (e.g. one known host on a private network). */
export type PrivateAccessPolicy = boolean | ((url: URL) => boolean);

export interface BaseUrlGuardOptions {
  /** Allow private/local targets. Default: BYOK_ALLOW_PRIVATE_PROVIDER_URLS === "true". */
  allowPrivate?: PrivateAccessPolicy;
  /** Name resolution; default node:dns lookup with all addresses. Injectable for tests. */
  resolve?: Resolver;
}

export interface GuardedFetchOptions extends BaseUrlGuardOptions {
  /** The fetch that performs each hop (default: global fetch). */
  fetch?: typeof fetch;
  /** Redirect hops followed before giving up (default 5). */
  maxRedirects?: number;
}

export type UnsafeBaseUrlReason = "invalid-url" | "scheme" | "credentials" | "blocked-host" | "private-address" | "too-many-redirects";

export class UnsafeBaseUrlError extends Error {
  readonly code = "UNSAFE_BASE_URL";
  constructor(
    message: string,
    readonly reason: UnsafeBaseUrlReason,
    /** The URL without credentials or query (safe to show). */
    readonly url: string,
  ) {
    super(message);
    this.name = "UnsafeBaseUrlError";
  }
}

/** True when err, or any error in its cause chain (SDKs wrap fetch errors), is an UnsafeBaseUrlError. */
export function findUnsafeBaseUrlError(err: unknown): UnsafeBaseUrlError | null {
  for (let e = err, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof UnsafeBaseUrlError) return e;
  }
  return null;
}

export function privateProviderUrlsAllowed(env: Record<string, string | undefined> = process.env): boolean {
  return env.BYOK_ALLOW_PRIVATE_PROVIDER_URLS === "true";
}

const SELF_HOSTING_HINT = "Self-hosted installs can allow local endpoints with BYOK_ALLOW_PRIVATE_PROVIDER_URLS=true.";

// Names that reach metadata services or this machine whatever DNS says.
const BLOCKED_HOSTS = new Set([
  "localhost",
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "instance-data",
  "instance-data.ec2.internal",
]);

function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function stripBrackets(hostname: string): string {
  return hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
}

/** "unicast" for a public address; otherwise the ipaddr.js range name (loopback, private, …). */
export function addressRange(address: string): string {
  if (!ipaddr.isValid(address)) return "invalid";
  // process() turns IPv4-mapped IPv6 (::ffff:10.0.0.1) into the IPv4 address it carries.
  const parsed = ipaddr.process(address);
  return parsed.range();
}

export function isPublicAddress(address: string): boolean {
  return addressRange(address) === "unicast";
}

const RANGE_WORDS: Record<string, string> = {
  loopback: "a loopback address",
  private: "a private network address",
  carrierGradeNat: "a carrier-grade NAT address",
  uniqueLocal: "a private (unique-local) IPv6 address",
  linkLocal: "a link-local address (this includes cloud metadata services)",
  unspecified: "an unspecified address",
  broadcast: "a broadcast address",
  multicast: "a multicast address",
};

function privateAddressError(url: URL, address: string, viaName: boolean): UnsafeBaseUrlError {
  const range = addressRange(address);
  const what = RANGE_WORDS[range] ?? `a reserved address (${range})`;
  const subject = viaName ? `${url.hostname} resolves to ${address}, ${what}` : `${address} is ${what}`;
  return new UnsafeBaseUrlError(
    `The base URL ${displayUrl(url)} is not allowed: ${subject}, which the hosted app does not connect to. ${SELF_HOSTING_HINT}`,
    "private-address",
    displayUrl(url),
  );
}

function allowsPrivate(policy: PrivateAccessPolicy | undefined, url: URL): boolean {
  const effective = policy ?? privateProviderUrlsAllowed();
  return typeof effective === "function" ? effective(url) : effective;
}

/** Syntax rules that hold in every mode: http(s) only, a host, no credentials. */
export function parseBaseUrl(input: string | URL): URL {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    throw new UnsafeBaseUrlError("The base URL is not a valid URL (expected e.g. https://api.example.com/v1).", "invalid-url", "");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new UnsafeBaseUrlError(`The base URL must start with https:// or http:// (got ${url.protocol}).`, "scheme", "");
  }
  if (url.username || url.password) {
    throw new UnsafeBaseUrlError(
      "The base URL must not contain a user name or password; enter the key in the key field instead.",
      "credentials",
      displayUrl(url),
    );
  }
  if (!url.hostname) throw new UnsafeBaseUrlError("The base URL has no host name.", "invalid-url", "");
  return url;
}

function hostChecks(url: URL): { literal: string | null } {
  const host = stripBrackets(url.hostname).toLowerCase().replace(/\.$/, "");
  if (ipaddr.isValid(host)) {
    if (!isPublicAddress(host)) throw privateAddressError(url, host, false);
    return { literal: host };
  }
  if (BLOCKED_HOSTS.has(host) || host.endsWith(".localhost")) {
    throw new UnsafeBaseUrlError(
      `The base URL ${displayUrl(url)} is not allowed: ${host} is a local or cloud-metadata host name. ${SELF_HOSTING_HINT}`,
      "blocked-host",
      displayUrl(url),
    );
  }
  return { literal: null };
}

/**
 * Checks a URL without resolving names: syntax, IP literals and known local/metadata names.
 * For forms (e.g. before storing a key); requests must still go through guardedFetch.
 */
export function checkBaseUrlShape(input: string | URL, options: Pick<BaseUrlGuardOptions, "allowPrivate"> = {}): URL {
  const url = parseBaseUrl(input);
  if (!allowsPrivate(options.allowPrivate, url)) hostChecks(url);
  return url;
}

const defaultResolve: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

async function resolvePublic(url: URL, resolve: Resolver): Promise<ReadonlyArray<{ address: string; family: number }>> {
  const host = stripBrackets(url.hostname).replace(/\.$/, "");
  const addresses = await resolve(host); // a failure surfaces as the resolver's own error (ENOTFOUND …)
  if (addresses.length === 0) {
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND", hostname: host });
  }
  for (const { address } of addresses) if (!isPublicAddress(address)) throw privateAddressError(url, address, true);
  return addresses;
}

/**
 * Throws UnsafeBaseUrlError unless the URL may be requested: in hosted mode its host must be
 * (or resolve only to) public unicast addresses. Name-resolution failures are thrown as the
 * resolver's error (e.g. code ENOTFOUND), so callers can report "host not found".
 */
export async function assertSafeBaseUrl(input: string | URL, options: BaseUrlGuardOptions = {}): Promise<URL> {
  const url = parseBaseUrl(input);
  if (allowsPrivate(options.allowPrivate, url)) return url;
  const { literal } = hostChecks(url);
  if (!literal) await resolvePublic(url, options.resolve ?? defaultResolve);
  return url;
}

// The socket's own lookup: resolve, refuse unless every address is public, connect to those.
function pinnedAgent(resolve: Resolver): Agent {
  const lookup = (
    hostname: string,
    options: LookupOptions,
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    const url = new URL(`http://${hostname.includes(":") ? `[${hostname}]` : hostname}/`);
    resolvePublic(url, resolve).then(
      (found) => {
        const wanted = options.family === 4 || options.family === 6 ? found.filter((a) => a.family === options.family) : found;
        const list = (wanted.length ? wanted : found).map((a) => ({ address: a.address, family: a.family }));
        if (options.all) callback(null, list);
        else callback(null, list[0].address, list[0].family);
      },
      (err) => callback(err as NodeJS.ErrnoException, ""),
    );
  };
  return new Agent({ connect: { lookup } as object });
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Sent only to the origin they were meant for (as browsers do for Authorization).
const CREDENTIAL_HEADERS = ["authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "x-goog-api-key"];

interface PendingRequest {
  url: URL;
  init: RequestInit;
  headers: Headers;
  method: string;
  body: BodyInit | null | undefined;
}

async function toPendingRequest(input: RequestInfo | URL, init: RequestInit | undefined): Promise<PendingRequest> {
  if (typeof input === "string" || input instanceof URL) {
    return {
      url: parseBaseUrl(input),
      init: { ...init },
      headers: new Headers(init?.headers),
      method: (init?.method ?? "GET").toUpperCase(),
      body: init?.body,
    };
  }
  // A Request object (some SDKs build one): take it apart so each hop can be sent again.
  const request = input as Request;
  const method = (init?.method ?? request.method).toUpperCase();
  const body = init?.body !== undefined ? init.body : method === "GET" || method === "HEAD" ? undefined : await request.arrayBuffer();
  return {
    url: parseBaseUrl(request.url),
    init: { signal: request.signal, ...init },
    headers: new Headers(init?.headers ?? request.headers),
    method,
    body: body === null || (body instanceof ArrayBuffer && body.byteLength === 0 && !init?.body) ? undefined : body,
  };
}

function unwrapGuardError(err: unknown): never {
  throw findUnsafeBaseUrlError(err) ?? err;
}

/**
 * A fetch for provider SDKs (pass it as their `fetch` option): every request and every redirect
 * hop is checked (assertSafeBaseUrl), and in hosted mode the connection is pinned to the
 * addresses that were checked. Refusals reject with UnsafeBaseUrlError (SDKs may wrap it: use
 * findUnsafeBaseUrlError).
 */
export function guardedFetch(options: GuardedFetchOptions = {}): typeof fetch {
  const baseFetch = options.fetch ?? globalThis.fetch;
  const resolve = options.resolve ?? defaultResolve;
  const maxRedirects = options.maxRedirects ?? 5;
  let agent: Agent | undefined;

  const guarded = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const pending = await toPendingRequest(input, init);
    const redirectMode = pending.init.redirect ?? "follow";

    for (let hop = 0; ; hop++) {
      const url = await assertSafeBaseUrl(pending.url, { allowPrivate: options.allowPrivate, resolve });
      const pin = !allowsPrivate(options.allowPrivate, url);
      const hopInit: RequestInit & { dispatcher?: Agent } = {
        ...pending.init,
        method: pending.method,
        headers: pending.headers,
        body: pending.body,
        redirect: "manual",
      };
      if (pin) hopInit.dispatcher = agent ??= pinnedAgent(resolve);

      const response = await baseFetch(url, hopInit).catch(unwrapGuardError);
      if (!REDIRECT_STATUSES.has(response.status) || redirectMode === "manual") return response;
      const location = response.headers.get("location");
      if (!location) return response;
      await response.body?.cancel().catch(() => {});
      if (redirectMode === "error") throw new TypeError(`fetch failed: redirected from ${displayUrl(url)} with redirect mode "error"`);
      if (hop >= maxRedirects) {
        throw new UnsafeBaseUrlError(
          `The base URL ${displayUrl(url)} redirected more than ${maxRedirects} times.`,
          "too-many-redirects",
          displayUrl(url),
        );
      }

      const next = parseBaseUrl(new URL(location, url));
      const status = response.status;
      if (status === 303 ? pending.method !== "HEAD" : (status === 301 || status === 302) && pending.method === "POST") {
        pending.method = "GET";
        pending.body = undefined;
        for (const h of ["content-type", "content-length", "content-encoding"]) pending.headers.delete(h);
      } else if (pending.body instanceof ReadableStream) {
        throw new TypeError(`fetch failed: cannot follow a ${status} redirect with a streamed body`);
      }
      if (next.origin !== url.origin) for (const h of CREDENTIAL_HEADERS) pending.headers.delete(h);
      pending.url = next;
    }
  };
  return guarded as typeof fetch;
}

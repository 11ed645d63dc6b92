// Loaded into the demo's app process with `node --import` before the app itself: the Shopify
// library captures globalThis.fetch when it is imported, so this is the one place where the
// app's calls to https://{shop}.myshopify.com (Admin GraphQL, token exchange) can be sent to the
// Shopify simulator — the same hook a tunnel-free test setup uses, no change to app code.
// Any other host that is not on this machine is refused: nothing may reach a real service.
import { routeShopifyFetch } from "../simulators/shopify/route-fetch";

const simulatorUrl = process.env.DEMO_SHOPIFY_SIMULATOR_URL;
if (!simulatorUrl) throw new Error("DEMO_SHOPIFY_SIMULATOR_URL is not set");

// Hosts a user pointed a provider at with --provider-url (comma-separated host names).
const allowedHosts = new Set((process.env.DEMO_ALLOWED_HOSTS ?? "").split(",").filter(Boolean));
const isLocal = (hostname: string) =>
  hostname === "localhost" || hostname === "[::1]" || hostname === "::1" || /^127\./.test(hostname);

const nativeFetch = globalThis.fetch;
const toShopify = routeShopifyFetch(simulatorUrl, nativeFetch);

globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.hostname.endsWith(".myshopify.com")) return toShopify(input, init);
  if (isLocal(url.hostname) || allowedHosts.has(url.hostname)) return nativeFetch(input, init);
  return Promise.reject(new Error(`demo: refusing a request to ${url.origin} (only simulators are reachable)`));
}) as typeof fetch;

// A fetch that sends https://{shop}.myshopify.com/... to the simulator instead, naming the shop
// in x-forwarded-host. Everything else goes to the real fetch untouched. Used by tests, the demo
// and the app-process preload (through the Shopify libraries' fetch hooks).

export function routeShopifyFetch(simulatorUrl: string, baseFetch: typeof fetch = globalThis.fetch): typeof fetch {
  const target = new URL(simulatorUrl);
  const routed = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const original = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    if (!original.hostname.endsWith(".myshopify.com")) return baseFetch(input, init);
    const rewritten = new URL(`${original.pathname}${original.search}`, target);
    if (input instanceof Request) {
      const request = new Request(rewritten, input);
      request.headers.set("x-forwarded-host", original.host);
      return baseFetch(request, init);
    }
    const headers = new Headers(init?.headers);
    headers.set("x-forwarded-host", original.host);
    return baseFetch(rewritten, { ...init, headers });
  };
  return routed as typeof fetch;
}

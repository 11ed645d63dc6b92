// The connection test's failure classes that are about the network rather than the
// provider's answer: unreachable host, unknown host, TLS, timeout, a URL the base-URL guard
// refuses — for every family — and that the injected (guarded) fetch is what the SDKs use.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProviderSimulator, type ProviderKind, type ProviderSimulator } from "../simulators/providers/server";
import { createProvider } from "../../app/providers/factory.server";
import { guardedFetch } from "../../app/providers/base-url-guard.server";

const KEY = "sk-test-connection-5e6f7a8b9c0d";
const DEEPL_KEY = "0b5d2c4e-7a1f-4e3b-9c8d-2f6a1b3c4d5e";

// Each family with the base URL its SDK takes for a given origin.
const FAMILIES: Array<{ providerId: string; kind: ProviderKind; key: string; base: (origin: string) => string }> = [
  { providerId: "openai", kind: "openai", key: KEY, base: (o) => `${o}/v1` },
  { providerId: "anthropic", kind: "anthropic", key: KEY, base: (o) => o },
  { providerId: "mistral", kind: "mistral", key: KEY, base: (o) => o },
  { providerId: "deepl", kind: "deepl", key: DEEPL_KEY, base: (o) => o },
];

/** A port nothing listens on: bind, note the port, close. */
async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.each(FAMILIES)("$providerId connection failures", ({ providerId, kind, key, base }) => {
  let sim: ProviderSimulator;
  beforeAll(async () => {
    sim = await startProviderSimulator({ kind, keys: [key] });
  });
  afterAll(() => sim.close());

  it("a closed port is unreachable", async () => {
    const port = await closedPort();
    const provider = createProvider({ providerId, apiKey: key, baseUrl: base(`http://127.0.0.1:${port}`), transport: { timeoutMs: 2000, maxRetries: 0 } });
    const test = await provider.testConnection();
    expect(test.ok).toBe(false);
    expect(test.error?.kind).toBe("unreachable");
    expect(test.error?.message).toMatch(/refused/);
  });

  it("a host name that does not resolve is unreachable", async () => {
    const provider = createProvider({ providerId, apiKey: key, baseUrl: base("http://no-such-host.invalid"), transport: { timeoutMs: 2000, maxRetries: 0 } });
    const test = await provider.testConnection();
    expect(test.error?.kind).toBe("unreachable");
    expect(test.error?.message).toMatch(/could not be found/);
  });

  it("https to a server that does not speak TLS is a TLS error", async () => {
    const origin = sim.url.replace(/^http:/, "https:");
    const provider = createProvider({ providerId, apiKey: key, baseUrl: base(origin), transport: { timeoutMs: 2000, maxRetries: 0 } });
    const test = await provider.testConnection();
    expect(test.error?.kind).toBe("tls");
  });

  it("an answer slower than the timeout is timeout", async () => {
    // DeepL's client never times out an attempt in under ~1 s (its backoff deadline), hence 2.5 s.
    sim.setLimits({ latencyMs: kind === "deepl" ? 2500 : 1000 });
    try {
      const provider = createProvider({ providerId, apiKey: key, baseUrl: base(sim.url), transport: { timeoutMs: 200, maxRetries: 0 } });
      const test = await provider.testConnection();
      expect(test.error?.kind).toBe("timeout");
    } finally {
      sim.setLimits({ latencyMs: 0 });
    }
  });

  it("passes when everything is right", async () => {
    const provider = createProvider({ providerId, apiKey: key, baseUrl: base(sim.url), transport: { timeoutMs: 2000, maxRetries: 0 } });
    const test = await provider.testConnection();
    expect(test.error).toBeUndefined();
    expect(test.ok).toBe(true);
  });
});

describe("a certificate the client cannot trust", () => {
  let dir: string;
  let server: HttpsServer;
  let origin: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "providers-tls-"));
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "1", "-subj", "/CN=127.0.0.1",
    ], { stdio: "ignore" });
    server = createHttpsServer({ key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) }, (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }).end('{"object":"list","data":[]}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(["openai", "anthropic", "mistral", "deepl"])("%s: a self-signed certificate is a TLS error that says so", async (providerId) => {
    const provider = createProvider({
      providerId,
      apiKey: providerId === "deepl" ? DEEPL_KEY : KEY,
      baseUrl: providerId === "openai" ? `${origin}/v1` : origin,
      transport: { timeoutMs: 2000, maxRetries: 0 },
    });
    const test = await provider.testConnection();
    expect(test.error?.kind).toBe("tls");
    expect(test.error?.message).toMatch(/self-signed/);
  });
});

describe("the injected fetch is the one the SDKs use (base-URL guard)", () => {
  let sims: Map<ProviderKind, ProviderSimulator>;
  beforeAll(async () => {
    sims = new Map();
    for (const { kind, key } of FAMILIES) sims.set(kind, await startProviderSimulator({ kind, keys: [key] }));
  });
  afterAll(async () => {
    for (const sim of sims.values()) await sim.close();
  });

  // deepl-node talks through axios, so only the fetch-based SDKs can be guarded this way.
  const FETCH_FAMILIES = FAMILIES.filter((f) => f.kind !== "deepl");

  it.each(FETCH_FAMILIES)("$providerId: hosted mode refuses the loopback simulator → refused_url", async ({ providerId, kind, key, base }) => {
    const provider = createProvider({
      providerId,
      apiKey: key,
      baseUrl: base(sims.get(kind)!.url),
      fetch: guardedFetch({ allowPrivate: false }),
      transport: { timeoutMs: 2000, maxRetries: 0 },
    });
    const test = await provider.testConnection();
    expect(test.error?.kind).toBe("refused_url");
    expect(test.error?.message).toContain("127.0.0.1");
    expect(sims.get(kind)!.requests()).toHaveLength(0);
  });

  it.each(FETCH_FAMILIES)("$providerId: self-hosting mode lets the same call through", async ({ providerId, kind, key, base }) => {
    const provider = createProvider({
      providerId,
      apiKey: key,
      baseUrl: base(sims.get(kind)!.url),
      fetch: guardedFetch({ allowPrivate: true }),
      transport: { timeoutMs: 2000, maxRetries: 0 },
    });
    const test = await provider.testConnection();
    expect(test.ok).toBe(true);
  });
});

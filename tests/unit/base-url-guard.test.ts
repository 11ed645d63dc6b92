// Base-URL safety: in the hosted app a merchant's base URL can never make our server talk to
// loopback, private, link-local or metadata addresses — not directly, not through DNS, not
// through a redirect. Local HTTP servers stand in for the targets; nothing leaves the machine.
import http from "node:http";
import type { AddressInfo } from "node:net";
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  assertSafeBaseUrl,
  checkBaseUrlShape,
  findUnsafeBaseUrlError,
  guardedFetch,
  UnsafeBaseUrlError,
  type Resolver,
} from "../../app/providers/base-url-guard.server";

const hosted = { allowPrivate: false } as const;
const publicResolver: Resolver = async () => [{ address: "93.184.215.14", family: 4 }];

async function refusal(promise: Promise<unknown>): Promise<UnsafeBaseUrlError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UnsafeBaseUrlError);
  return err as UnsafeBaseUrlError;
}

describe("assertSafeBaseUrl in hosted mode", () => {
  it.each([
    ["http://127.0.0.1:11434/v1", "loopback"],
    ["http://[::1]:8080/v1", "loopback"],
    ["http://10.0.0.1/v1", "private network"],
    ["https://192.168.1.1/v1", "private network"],
    ["http://172.16.0.1/v1", "private network"],
    ["http://169.254.169.254/latest/meta-data/", "link-local"],
    ["http://[fd00::1]/v1", "unique-local"],
    ["http://[fd00:ec2::254]/", "unique-local"],
    ["http://100.64.0.1/", "carrier-grade NAT"],
    ["http://[fe80::1]/", "link-local"],
    ["http://0.0.0.0:8080/", "unspecified"],
    ["http://255.255.255.255/", "broadcast"],
    ["http://224.0.0.1/", "multicast"],
    ["http://[::ffff:10.0.0.1]/", "private network"],
    ["http://[::ffff:169.254.169.254]/", "link-local"],
    ["http://2130706433/", "loopback"], // 127.0.0.1 written as one number
    ["http://0x7f.1/", "loopback"],
  ])("refuses %s (%s)", async (url, words) => {
    const err = await refusal(assertSafeBaseUrl(url, { ...hosted, resolve: publicResolver }));
    expect(err.reason).toBe("private-address");
    expect(err.message).toContain(words);
    expect(err.message).toContain("BYOK_ALLOW_PRIVATE_PROVIDER_URLS=true");
  });

  it.each(["http://localhost:11434/v1", "http://api.localhost/", "http://metadata.google.internal/computeMetadata/v1/"])(
    "refuses the local or metadata host name %s",
    async (url) => {
      const err = await refusal(assertSafeBaseUrl(url, { ...hosted, resolve: publicResolver }));
      expect(err.reason).toBe("blocked-host");
    },
  );

  it("refuses a name that resolves to a private address, checking every address", async () => {
    const resolve: Resolver = async (host) => {
      expect(host).toBe("llm.example.com");
      return [
        { address: "93.184.215.14", family: 4 },
        { address: "10.1.2.3", family: 4 },
      ];
    };
    const err = await refusal(assertSafeBaseUrl("https://llm.example.com/v1", { ...hosted, resolve }));
    expect(err.message).toContain("llm.example.com resolves to 10.1.2.3");
  });

  it("refuses a name whose IPv6 answer is an IPv4-mapped private address", async () => {
    const resolve: Resolver = async () => [{ address: "::ffff:192.168.0.10", family: 6 }];
    await refusal(assertSafeBaseUrl("https://mapped.example.com/", { ...hosted, resolve }));
  });

  it("refuses localhost through the real resolver too", async () => {
    // No injected resolver: node:dns answers for localhost without a network.
    await refusal(assertSafeBaseUrl("http://localhost./v1", hosted));
  });

  it("allows a public host name and a public IP", async () => {
    await expect(assertSafeBaseUrl("https://api.example.com/v1", { ...hosted, resolve: publicResolver })).resolves.toBeInstanceOf(URL);
    await expect(assertSafeBaseUrl("https://8.8.8.8/", hosted)).resolves.toBeInstanceOf(URL);
  });

  it("surfaces a failed lookup as the resolver's error, not as a refusal", async () => {
    const resolve: Resolver = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND nowhere.example"), { code: "ENOTFOUND" });
    };
    const err = await assertSafeBaseUrl("https://nowhere.example/", { ...hosted, resolve }).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(UnsafeBaseUrlError);
    expect((err as { code?: string }).code).toBe("ENOTFOUND");
  });
});

describe("URL rules in every mode", () => {
  it.each([
    ["ftp://api.example.com/", "scheme"],
    ["file:///etc/passwd", "scheme"],
    ["https://alice:hunter2secret@api.example.com/v1", "credentials"],
    ["https://sk-abc123secret@api.example.com/v1", "credentials"],
    ["not a url", "invalid-url"],
  ])("refuses %s (%s), even with private URLs allowed", async (url, reason) => {
    const err = await refusal(assertSafeBaseUrl(url, { allowPrivate: true }));
    expect(err.reason).toBe(reason);
    expect(`${err.message} ${err.url}`).not.toMatch(/hunter2secret|sk-abc123secret/);
  });
});

describe("the self-hosting setting", () => {
  const saved = process.env.BYOK_ALLOW_PRIVATE_PROVIDER_URLS;
  afterEach(() => {
    if (saved === undefined) delete process.env.BYOK_ALLOW_PRIVATE_PROVIDER_URLS;
    else process.env.BYOK_ALLOW_PRIVATE_PROVIDER_URLS = saved;
  });

  it("BYOK_ALLOW_PRIVATE_PROVIDER_URLS=true allows local endpoints", async () => {
    process.env.BYOK_ALLOW_PRIVATE_PROVIDER_URLS = "true";
    for (const url of ["http://localhost:11434/v1", "http://127.0.0.1:1234/v1", "http://10.0.0.1/v1", "http://[fd00::1]/"]) {
      await expect(assertSafeBaseUrl(url)).resolves.toBeInstanceOf(URL);
      expect(() => checkBaseUrlShape(url)).not.toThrow();
    }
  });

  it("without it, the same endpoints are refused", async () => {
    delete process.env.BYOK_ALLOW_PRIVATE_PROVIDER_URLS;
    await refusal(assertSafeBaseUrl("http://127.0.0.1:1234/v1"));
    expect(() => checkBaseUrlShape("http://10.0.0.1/v1")).toThrow(UnsafeBaseUrlError);
    expect(() => checkBaseUrlShape("http://localhost:11434/v1")).toThrow(UnsafeBaseUrlError);
  });
});

// ---------------------------------------------------------------------------------------------
// guardedFetch against local servers.

interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function startServer(handle: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void) {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      handle(req, res, body);
    });
  });
  return new Promise<{ port: number; requests: Recorded[]; close: () => Promise<void> }>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        requests,
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );
}

describe("guardedFetch", () => {
  let inside: Awaited<ReturnType<typeof startServer>>; // stands in for a private service (metadata, admin panel)
  let relay: Awaited<ReturnType<typeof startServer>>; // stands in for a public host that redirects
  let redirectTarget = "";
  let redirectStatus = 302;

  beforeAll(async () => {
    inside = await startServer((_req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ secret: "instance credentials" }));
    });
    relay = await startServer((req, res) => {
      if (req.url === "/loop") {
        res.statusCode = 302;
        res.setHeader("location", "/loop");
        return res.end();
      }
      res.statusCode = redirectStatus;
      res.setHeader("location", redirectTarget);
      res.end();
    });
  });
  afterAll(async () => {
    await inside.close();
    await relay.close();
  });
  afterEach(() => {
    inside.requests.length = 0;
    relay.requests.length = 0;
    redirectStatus = 302;
  });

  // The relay plays a public host: allowed as if public; everything else is judged normally.
  const relayIsPublic = () => (url: URL) => url.port === String(relay.port);

  it("refuses a private address before any request is sent", async () => {
    const fetchGuarded = guardedFetch(hosted);
    await refusal(fetchGuarded(`http://127.0.0.1:${inside.port}/v1/models`));
    expect(inside.requests).toHaveLength(0);
  });

  it("refuses a public URL that redirects to a private one, and never reaches it", async () => {
    redirectTarget = `http://127.0.0.1:${inside.port}/latest/meta-data/`;
    const fetchGuarded = guardedFetch({ allowPrivate: relayIsPublic() });
    const err = await refusal(fetchGuarded(`http://127.0.0.1:${relay.port}/v1/chat/completions`, { method: "POST", body: "{}" }));
    expect(err.message).toContain("loopback");
    expect(relay.requests).toHaveLength(1);
    expect(inside.requests).toHaveLength(0);
  });

  it("refuses a redirect to a name that resolves to the metadata address", async () => {
    redirectTarget = `http://metadata-alias.example:${inside.port}/`;
    const resolve: Resolver = async () => [{ address: "169.254.169.254", family: 4 }];
    const fetchGuarded = guardedFetch({ allowPrivate: relayIsPublic(), resolve });
    const err = await refusal(fetchGuarded(`http://127.0.0.1:${relay.port}/v1/models`));
    expect(err.message).toContain("169.254.169.254");
    expect(inside.requests).toHaveLength(0);
  });

  it("follows the same redirect when private URLs are allowed (so the refusal above is the guard's doing)", async () => {
    redirectTarget = `http://127.0.0.1:${inside.port}/latest/meta-data/`;
    const response = await guardedFetch({ allowPrivate: true })(`http://127.0.0.1:${relay.port}/v1/models`);
    expect(response.status).toBe(200);
    expect(inside.requests).toHaveLength(1);
  });

  it("pins the connection to the checked addresses (DNS rebinding)", async () => {
    // First answer public (the check passes), then loopback (what the connection would use).
    let calls = 0;
    const resolve: Resolver = async () =>
      calls++ === 0 ? [{ address: "93.184.215.14", family: 4 }] : [{ address: "127.0.0.1", family: 4 }];
    const err = await refusal(guardedFetch({ ...hosted, resolve })(`http://rebind.example:${inside.port}/`));
    expect(err.reason).toBe("private-address");
    expect(calls).toBe(2);
    expect(inside.requests).toHaveLength(0);
  });

  it("keeps method and body on a 307 and drops credentials when the redirect changes origin", async () => {
    redirectStatus = 307;
    redirectTarget = `http://127.0.0.1:${inside.port}/v1/chat/completions`;
    const response = await guardedFetch({ allowPrivate: true })(`http://127.0.0.1:${relay.port}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer sk-test-guard-0001", "x-api-key": "sk-ant-test", "content-type": "application/json" },
      body: JSON.stringify({ model: "m" }),
    });
    expect(response.status).toBe(200);
    expect(relay.requests[0].headers.authorization).toBe("Bearer sk-test-guard-0001");
    const forwarded = inside.requests[0];
    expect(forwarded.method).toBe("POST");
    expect(forwarded.body).toBe('{"model":"m"}');
    expect(forwarded.headers.authorization).toBeUndefined();
    expect(forwarded.headers["x-api-key"]).toBeUndefined();
  });

  it("turns a POST into a GET on 303, like fetch does", async () => {
    redirectStatus = 303;
    redirectTarget = `http://127.0.0.1:${inside.port}/result`;
    await guardedFetch({ allowPrivate: true })(`http://127.0.0.1:${relay.port}/submit`, { method: "POST", body: "x" });
    expect(inside.requests[0]).toMatchObject({ method: "GET", body: "" });
  });

  it("gives up after 5 redirects", async () => {
    const err = await refusal(guardedFetch({ allowPrivate: true })(`http://127.0.0.1:${relay.port}/loop`));
    expect(err.reason).toBe("too-many-redirects");
    expect(relay.requests).toHaveLength(6);
  });

  it("accepts a Request object, as some SDKs pass one", async () => {
    const response = await guardedFetch({ allowPrivate: true })(
      new Request(`http://127.0.0.1:${inside.port}/v1/x`, { method: "POST", body: "hello", headers: { "x-test": "1" } }),
    );
    expect(response.status).toBe(200);
    expect(inside.requests[0]).toMatchObject({ method: "POST", body: "hello" });
    expect(inside.requests[0].headers["x-test"]).toBe("1");
  });

  it("works as an SDK's fetch: the refusal reaches the caller through the SDK's error", async () => {
    const client = new OpenAI({
      apiKey: "sk-test-guard-0002",
      baseURL: `http://10.0.0.1:${inside.port}/v1`,
      fetch: guardedFetch(hosted),
      maxRetries: 0,
    });
    const err = await client.models.list().then(
      () => null,
      (e: unknown) => e,
    );
    expect(findUnsafeBaseUrlError(err)?.reason).toBe("private-address");
    expect(inside.requests).toHaveLength(0);
  });

  it("lets an SDK reach a local endpoint when self-hosting allows it", async () => {
    const client = new OpenAI({
      apiKey: "sk-test-guard-0003",
      baseURL: `http://127.0.0.1:${inside.port}/v1`,
      fetch: guardedFetch({ allowPrivate: true }),
      maxRetries: 0,
    });
    await client.models.list().then(
      () => undefined,
      () => undefined, // the stand-in does not speak the models format; reaching it is the point
    );
    expect(inside.requests[0].url).toBe("/v1/models");
  });
});

// Benchmark: a 2,000-product enrichment's generate calls through the per-key call scheduler
// (app/jobs/provider-scheduler.server.ts) and the app's OpenAI adapter, against the OpenAI
// simulator limited to 500 RPM and 200,000 TPM. Prints achieved requests and tokens per minute
// as a share of the limits (goal ≥ 90% of the binding one), 429s received, items lost (goal 0)
// and the app's CPU time per product excluding provider waits (goal < 5 ms). No assertions.
//
//   npx tsx tests/bench/provider-throughput.ts [--count 2000] [--scale 5] [--rpm 500] [--tpm 200000]
//                                              [--latency 300-800] [--redis redis://127.0.0.1:6379]
//                                              [--cap pipeline|none|unannounced]
//
// Output cap: like the pipeline, each request sets max_tokens = max(1024, 2.5 × expected + 256)
// and the estimate says so (`--cap pipeline`, the default); the provider (and the simulator)
// counts prompt + max_tokens toward TPM, so that is the share printed. `--cap none` sends no
// cap (the real output is counted); `--cap unannounced` sets the cap without telling the
// scheduler, which then learns from the headers that the key drains faster than it counts.
//
// Time scale: the simulator's limits refill over one minute, as the real ones do. `--scale k`
// multiplies both limits by k, so the same calls finish k times sooner; every share printed is
// of the scaled limits, so it reads the same as at scale 1 (the rates, not the limits, change).
// Latency is not scaled: at scale k the lane keeps ~k times more calls in flight, which the
// scheduler's Little's-law cap provides. `--scale 1` is the real-time run (~17 minutes for the
// seed workload, ~1,700 tokens a call, where TPM binds).
//
// Processes: the simulator runs in a child process behind a small proxy that holds each
// successful answer for a uniformly random 300–800 ms (the model's generation time; the
// simulator admits and counts a request when it arrives, as providers do), so this process's
// CPU time is the app's alone: building prompts and token estimates, the scheduler, the
// adapter, the openai SDK, HTTP and zod validation.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, request as httpRequest, Agent } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import type { CatalogProduct } from "../../app/catalog/product";
import { createJobEstimator } from "../../app/enrichment/estimate";
import { DEFAULT_INSTRUCTIONS } from "../../app/enrichment/instructions";
import { createPromptBuilder, type EnrichmentPrompt } from "../../app/enrichment/prompt";
import { DEFAULT_DATA_SCOPE } from "../../app/enrichment/scope";
import { SEED_TASK_IDS } from "../../app/enrichment/tasks";
import { createCallScheduler, type ProviderCallScheduler } from "../../app/jobs/provider-scheduler.server";
import { createProvider } from "../../app/providers/factory.server";
import { isProviderError } from "../../app/providers/provider-error";
import type { SimulatorStats } from "../simulators/providers/server";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const KEY = "sk-bench-throughput-5e8a1f";
const MODEL = "gpt-4o-mini";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] && !process.argv[i + 1].startsWith("--") ? process.argv[i + 1] : fallback;
}

// ---- child: simulator + latency proxy ----------------------------------------------------

interface ChildReport {
  stats: SimulatorStats;
  cpuMicros: number;
  requests: { at: number; status: number }[];
}

async function child(rpm: number, tpm: number, minLatency: number, maxLatency: number): Promise<void> {
  const { startProviderSimulator } = await import("../simulators/providers/server");
  const sim = await startProviderSimulator({ kind: "openai", keys: [KEY], rpm, tpm, latencyMs: 0 });
  // A fresh connection per request to the simulator: a reused keep-alive socket can be closed
  // by the server just as it is picked, which would show up as a 502 that no provider sends.
  const agent = new Agent({ keepAlive: false, maxSockets: 512 });
  const proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const upstream = httpRequest(
        { host: "127.0.0.1", port: sim.port, method: req.method, path: req.url, headers: req.headers, agent },
        (answer) => {
          const body: Buffer[] = [];
          answer.on("data", (chunk: Buffer) => body.push(chunk));
          answer.on("end", () => {
            const generation = req.url?.endsWith("/chat/completions") && answer.statusCode === 200;
            const hold = generation ? minLatency + Math.random() * (maxLatency - minLatency) : 0;
            setTimeout(() => {
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              res.end(Buffer.concat(body));
            }, hold);
          });
        },
      );
      upstream.on("error", () => {
        res.writeHead(502);
        res.end();
      });
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const cpuAtStart = process.cpuUsage();
  process.on("message", (message: { type: string }) => {
    if (message.type === "report") {
      const cpu = process.cpuUsage(cpuAtStart);
      const report: ChildReport = {
        stats: sim.stats(),
        cpuMicros: cpu.user + cpu.system,
        requests: sim
          .requests()
          .filter((r) => r.path.endsWith("/chat/completions"))
          .map((r) => ({ at: r.receivedAt, status: r.status ?? 0 })),
      };
      process.send!({ type: "report", report });
    } else if (message.type === "exit") {
      proxy.close();
      void sim.close().then(() => process.exit(0));
    }
  });
  process.send!({ type: "ready", url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` });
}

// ---- parent -------------------------------------------------------------------------------

function startChild(rpm: number, tpm: number, latency: [number, number]): Promise<{ proc: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      ["--import", "tsx", fileURLToPath(import.meta.url), "--simulator-child", String(rpm), String(tpm), String(latency[0]), String(latency[1])],
      { cwd: root, stdio: ["ignore", "inherit", "inherit", "ipc"] },
    );
    proc.once("error", reject);
    proc.once("message", (message: { type: string; url: string }) => (message.type === "ready" ? resolve({ proc, url: message.url }) : reject(new Error("unexpected message"))));
  });
}

function childReport(proc: ChildProcess): Promise<ChildReport> {
  return new Promise((resolve) => {
    proc.once("message", (message: { report: ChildReport }) => resolve(message.report));
    proc.send({ type: "report" });
  });
}

function toCatalogProduct(seed: import("../simulators/shopify/domain/records").ProductSeed, n: number): CatalogProduct {
  return {
    id: `gid://shopify/Product/${n}`,
    handle: `product-${n}`,
    title: seed.title,
    descriptionHtml: seed.descriptionHtml,
    vendor: seed.vendor,
    productType: seed.productType,
    status: seed.status,
    tags: seed.tags,
    seo: { title: seed.seo?.title ?? null, description: seed.seo?.description ?? null },
    options: seed.options,
    variants: seed.variants.map((v, j) => ({
      id: `gid://shopify/ProductVariant/${n * 100 + j}`,
      title: v.selectedOptions.map((o) => o.value).join(" / "),
      sku: v.sku ?? null,
      price: v.price,
      selectedOptions: v.selectedOptions,
    })),
    images: seed.media.map((m, j) => ({ id: `gid://shopify/MediaImage/${n * 100 + j}`, url: m.url, altText: m.alt || null })),
    metafields: [],
    updatedAt: "2026-11-01T00:00:00Z",
  };
}

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const int = (x: number) => Math.round(x).toLocaleString("en-US");

/** The scheduler's own CPU per call: instant fake calls, so only its bookkeeping is measured. */
async function schedulerOverhead(redisUrl?: string): Promise<number> {
  const { Redis } = await import("ioredis");
  const redis = redisUrl ? new Redis(redisUrl) : undefined;
  const scheduler = createCallScheduler({
    redis,
    keyPrefix: `bench:overhead:${process.pid}:${Date.now()}`,
    limitHints: () => ({ rpm: 1e9, tpm: 1e12 }),
  });
  const lane = { providerKeyId: "bench-key", model: MODEL };
  const n = redisUrl ? 5_000 : 20_000;
  const now = Date.now();
  const answer = {
    usage: { inputTokens: { total: 1200, noCache: 1200, cacheRead: 0, cacheWrite: 0 }, outputTokens: 450, characters: 0 },
    rateLimit: { requests: { limit: 1e9, remaining: 1e9 - 1, resetAt: now + 1 }, tokens: { limit: 1e12, remaining: 1e12 - 1, resetAt: now + 1 }, observedAt: now },
    calls: 1,
  };
  await scheduler.schedule(lane, { inputTokens: 1200, outputTokens: 426 }, async () => answer); // warm the lane
  const before = process.cpuUsage();
  await Promise.all(Array.from({ length: n }, () => scheduler.schedule(lane, { inputTokens: 1200, outputTokens: 426 }, async () => answer)));
  const per = cpuMs(process.cpuUsage(before)) / n;
  await scheduler.close();
  if (redis) {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", "bench:overhead:*", "COUNT", 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
    await redis.quit();
  }
  return per;
}

async function parent(): Promise<void> {
  const count = Number(arg("count", "2000"));
  const scale = Number(arg("scale", "5"));
  const baseRpm = Number(arg("rpm", "500"));
  const baseTpm = Number(arg("tpm", "200000"));
  const latency = arg("latency", "300-800").split("-").map(Number) as [number, number];
  const redisUrl = process.argv.includes("--redis") ? arg("redis", "redis://127.0.0.1:6379") : undefined;
  const capMode = arg("cap", "pipeline") as "pipeline" | "none" | "unannounced";
  const rpm = baseRpm * scale;
  const tpm = baseTpm * scale;

  const { generateCatalog } = await import("../simulators/shopify/catalog-generator");
  const { proc, url } = await startChild(rpm, tpm, latency);

  // Prepare: prompts and token estimates (the pipeline's plan step), timed on its own.
  const job = { tasks: SEED_TASK_IDS, instructions: DEFAULT_INSTRUCTIONS, dataScope: DEFAULT_DATA_SCOPE, shopDomain: "demo.myshopify.com", imagesEnabled: false };
  const prepStart = process.cpuUsage();
  const builder = createPromptBuilder(job);
  const estimator = createJobEstimator({ ...job, keepItems: false });
  const items: { prompt: EnrichmentPrompt; estimate: { inputTokens: number; outputTokens: number }; cap?: number }[] = [];
  let n = 0;
  for (const seed of generateCatalog(count, { seed: 11 })) {
    const product = toCatalogProduct(seed, ++n);
    const estimate = estimator.add(product);
    const expected = estimate.usage.outputTokens;
    items.push({
      prompt: builder.build(product),
      estimate: { inputTokens: estimate.usage.inputTokens.total, outputTokens: expected },
      // The pipeline's output cap (app/enrichment/pipeline-generate.server.ts outputLimit).
      cap: capMode === "none" ? undefined : Math.max(1024, Math.ceil(expected * 2.5) + 256),
    });
  }
  const prepCpu = cpuMs(process.cpuUsage(prepStart));

  const { Redis } = await import("ioredis");
  const redis = redisUrl ? new Redis(redisUrl) : undefined;
  const keyPrefix = `bench:throughput:${process.pid}:${Date.now()}`;
  const scheduler: ProviderCallScheduler = createCallScheduler({ redis, keyPrefix });
  // The SDK's own retries are off: the scheduler pauses the lane on 429s and retries instead.
  const textModel = createProvider({ providerId: "openai", apiKey: KEY, baseUrl: `${url}/v1`, transport: { timeoutMs: 60_000, maxRetries: 0 } }).textModel!;
  const lane = { providerKeyId: "bench-key", model: MODEL };

  console.log(`provider throughput — ${count} generate calls (seed workload: title + description + 5 attributes)`);
  console.log(`  OpenAI adapter → proxy (answers held ${latency[0]}–${latency[1]} ms) → OpenAI simulator, in a child process`);
  console.log(`  limits ${int(baseRpm)} RPM / ${int(baseTpm)} TPM × scale ${scale} = ${int(rpm)} RPM / ${int(tpm)} TPM; scheduler ${redis ? "shared through Redis" : "in memory"}`);
  console.log(`  output cap: ${capMode === "pipeline" ? "max_tokens as the pipeline sets it, announced in the estimate" : capMode === "none" ? "none (real output counted)" : "max_tokens set but not announced to the scheduler"}`);

  const failures = new Map<string, number>();
  let valid = 0;
  /** Tokens the provider counted toward TPM: prompt + max_tokens per request (or + completion without a cap). */
  let counted = 0;
  const countedAt: { at: number; tokens: number }[] = [];
  const wallStart = Date.now();
  const genStart = process.cpuUsage();
  const progress = setInterval(() => {
    const s = scheduler.status(lane);
    if (s) console.log(`  … ${valid} done, ${s.queued} queued, ${s.inFlight} in flight (cap ${s.concurrency}), ${((Date.now() - wallStart) / 60_000).toFixed(1)} min`);
  }, 30_000);
  await Promise.all(
    items.map(({ prompt, estimate, cap }) => {
      let startedAt = 0;
      return scheduler
        .schedule(lane, capMode === "pipeline" ? { ...estimate, maxOutputTokens: cap } : estimate, () => {
          startedAt = Date.now();
          return textModel.generate({ model: MODEL, ...prompt, maxOutputTokens: cap });
        })
        .then(
          (result) => {
            const tokens = result.usage.inputTokens.total + (cap !== undefined ? cap * result.calls : result.usage.outputTokens);
            counted += tokens;
            countedAt.push({ at: startedAt, tokens });
            if (result.object && typeof result.object.title === "string") valid++;
            else failures.set("no object", (failures.get("no object") ?? 0) + 1);
          },
          (error: unknown) => {
            const kind = isProviderError(error) ? error.kind : error instanceof Error ? error.name : "error";
            failures.set(kind, (failures.get(kind) ?? 0) + 1);
          },
        );
    }),
  );
  const genCpu = cpuMs(process.cpuUsage(genStart));
  const wallMs = Date.now() - wallStart;
  clearInterval(progress);
  const status = scheduler.status(lane)!;
  const report = await childReport(proc);
  await scheduler.close();
  if (redis) {
    const keys = await redis.keys(`${keyPrefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  }

  const answered = report.requests.filter((r) => r.status === 200);
  const times = answered.map((r) => r.at).sort((a, b) => a - b);
  const spanMin = (times[times.length - 1] - times[0]) / 60_000;
  const billed = report.stats.inputTokens + report.stats.outputTokens;
  // Per-minute rates over the span the provider saw calls arrive (first → last admitted request).
  const perMin = (total: number) => (total * (answered.length - 1)) / answered.length / spanMin;
  const requestsPerMin = (answered.length - 1) / spanMin;
  const tokensPerMin = perMin(counted);
  // The busiest 60 seconds, from the simulator's log (what a per-minute limit is about).
  let busiest = 0;
  for (let last = 0, first = 0; last < times.length; last++) {
    while (times[last] - times[first] >= 60_000) first++;
    busiest = Math.max(busiest, last - first + 1);
  }
  countedAt.sort((a, b) => a.at - b.at);
  let busiestTokens = 0;
  for (let last = 0, first = 0, span = 0; last < countedAt.length; last++) {
    span += countedAt[last].tokens;
    while (countedAt[last].at - countedAt[first].at >= 60_000) span -= countedAt[first++].tokens;
    busiestTokens = Math.max(busiestTokens, span);
  }
  const binding = tokensPerMin / tpm >= requestsPerMin / rpm ? "TPM" : "RPM";

  const overheadMemory = await schedulerOverhead();
  const overheadRedis = redisUrl ? await schedulerOverhead(redisUrl) : undefined;

  console.log("");
  console.log(`  run: ${(wallMs / 60_000).toFixed(2)} min wall; calls reached the provider over ${spanMin.toFixed(2)} min`);
  console.log(`  requests/min: ${int(requestsPerMin)} = ${pct(requestsPerMin / rpm)} of ${int(rpm)} RPM${binding === "RPM" ? "   ← binding" : ""} (busiest 60 s: ${busiest})`);
  console.log(`  tokens/min:   ${int(tokensPerMin)} = ${pct(tokensPerMin / tpm)} of ${int(tpm)} TPM${binding === "TPM" ? "   ← binding" : ""} (counted toward the limit: ${int(counted / answered.length)} a call; busiest 60 s: ${int(busiestTokens)})`);
  console.log(`  billed:       ${int(perMin(billed))} tokens/min (${int(billed / answered.length)} a call: prompt + real output)`);
  console.log(`  end to end:   ${int((count / wallMs) * 60_000)} products/min (${pct(((count / wallMs) * 60_000) / (binding === "TPM" ? tpm / (counted / answered.length) : rpm))} of what the binding limit allows)`);
  console.log(`  429s received: ${report.stats.throttled} (scheduler retried ${status.rateLimited})`);
  console.log(`  items lost: ${count - valid} (${valid}/${count} valid objects${failures.size ? `; failures: ${JSON.stringify(Object.fromEntries(failures))}` : ""})`);
  console.log(
    `  learnt limits: ${int(status.limits.rpm)} RPM / ${int(status.limits.tpm)} TPM (${status.limitsSource}); pressure ${status.pressure.requests.toFixed(2)} / ${status.pressure.tokens.toFixed(2)}; latency ~${status.latencyMs} ms; concurrency cap ${status.concurrency}`,
  );
  console.log(
    `  app CPU per product: ${((prepCpu + genCpu) / count).toFixed(2)} ms = prompt + token estimate ${(prepCpu / count).toFixed(2)} ms + generate ${(genCpu / count).toFixed(2)} ms (scheduler, adapter, openai SDK, HTTP, zod)`,
  );
  console.log(
    `  scheduler alone: ${(overheadMemory * 1000).toFixed(0)} µs per call in memory${overheadRedis !== undefined ? `, ${(overheadRedis * 1000).toFixed(0)} µs with Redis` : ""}`,
  );
  console.log(`  simulator + proxy (child process, not counted above): ${(report.cpuMicros / 1000 / count).toFixed(2)} ms CPU per product`);

  proc.send({ type: "exit" });
}

if (process.argv.includes("--simulator-child")) {
  const i = process.argv.indexOf("--simulator-child");
  const [rpm, tpm, min, max] = process.argv.slice(i + 1, i + 5).map(Number);
  void child(rpm, tpm, min, max);
} else {
  parent().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

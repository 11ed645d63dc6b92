// Benchmark: reading bulk query results (JSONL) of 10,000 and 100,000 products through
// BulkQueryReader, over HTTP, each size in its own child process. Prints throughput and peak
// memory for both and the ratio of the peaks (the goal: flat — the larger ≤ 1.2× the smaller).
//
//   npx tsx tests/bench/bulk-jsonl-read.ts [--sizes 10000,100000] [--regenerate]
//
// Peak RSS is the process's maxRSS; peak heap is sampled every 500 products; live heap is
// measured after a forced GC every 5,000 products, in a second child run with --expose-gc.
// Files are generated once into tmp/bench/ (about 3 KB per product: a product line with a
// realistic description, 3 variants, 2 images and 5 metafields as child lines).
import { spawn } from "node:child_process";
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { BulkQueryReader } from "../../app/catalog/bulk-jsonl";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const benchDir = join(root, "tmp", "bench");

interface ChildResult {
  products: number;
  variants: number;
  images: number;
  metafields: number;
  bytes: number;
  seconds: number;
  peakRssMb: number;
  peakHeapMb: number;
  liveHeapMb: number;
  rssAtStartMb: number;
  /** RSS (MB) after each tenth of the file: flat once warmed up means constant memory. */
  rssCurveMb: number[];
}

// ---- child: read one file and report ------------------------------------------------------

async function child(url: string, bytes: number, expected: number): Promise<void> {
  const rssAtStart = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  // Heap in use right after a full GC: what the reader really retains (peaks include garbage).
  const gc = (globalThis as { gc?: () => void }).gc;
  let liveHeap = 0;
  const counts = { products: 0, variants: 0, images: 0, metafields: 0 };
  const rssCurve: number[] = [];
  const tenth = Math.max(1, Math.floor(expected / 10));
  const started = process.hrtime.bigint();
  for await (const product of new BulkQueryReader(url)) {
    counts.products++;
    counts.variants += product.variants.length;
    counts.images += product.images.length;
    counts.metafields += product.metafields.length;
    if (counts.products % tenth === 0) rssCurve.push(process.memoryUsage().rss / 1024 / 1024);
    if (counts.products % 500 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    if (gc && counts.products % 5000 === 0) {
      gc();
      liveHeap = Math.max(liveHeap, process.memoryUsage().heapUsed);
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  const result: ChildResult = {
    ...counts,
    bytes,
    seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024, // maxRSS is in KiB
    peakHeapMb: peakHeap / 1024 / 1024,
    liveHeapMb: liveHeap / 1024 / 1024,
    rssAtStartMb: rssAtStart / 1024 / 1024,
    rssCurveMb: rssCurve,
  };
  process.stdout.write(JSON.stringify(result) + "\n");
}

// ---- parent: generate, serve, spawn, report -----------------------------------------------

const WORDS = "soft organic cotton linen wool blend tailored relaxed classic modern everyday durable lightweight breathable handmade recycled premium versatile timeless cozy elegant".split(" ");

/** Deterministic pseudo-random numbers, so every run reads the same files. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function sentence(random: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(random() * WORDS.length)]!);
  const text = out.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1) + ".";
}

async function generate(file: string, count: number): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  const out = createWriteStream(file);
  const random = rng(count);
  const write = (line: object) => (out.write(JSON.stringify(line) + "\n") ? null : new Promise<void>((r) => out.once("drain", () => r())));
  for (let i = 1; i <= count; i++) {
    const id = `gid://shopify/Product/${i}`;
    const title = `${sentence(random, 3).slice(0, -1)} ${["Shirt", "Mug", "Cap", "Scarf", "Bag"][i % 5]}`;
    await write({
      id,
      handle: `product-${i}`,
      title,
      descriptionHtml: `<p>${sentence(random, 40)}</p><ul><li>${sentence(random, 8)}</li><li>${sentence(random, 8)}</li></ul><p>${sentence(random, 30)}</p>`,
      vendor: "Acme Goods",
      productType: "Apparel",
      status: "ACTIVE",
      tags: ["new", `batch-${i % 20}`],
      updatedAt: "2026-11-01T10:00:00Z",
      seo: { title: null, description: i % 3 ? sentence(random, 15) : null },
      options: [{ name: "Size", values: ["S", "M", "L"] }],
    });
    for (const [v, size] of ["S", "M", "L"].entries()) {
      await write({
        id: `gid://shopify/ProductVariant/${i * 10 + v}`,
        title: size,
        sku: `SKU-${i}-${size}`,
        price: (10 + (i % 50)).toFixed(2),
        selectedOptions: [{ name: "Size", value: size }],
        __parentId: id,
      });
    }
    for (let m = 0; m < 2; m++) {
      await write({
        id: `gid://shopify/MediaImage/${i * 10 + m}`,
        alt: m ? "" : title,
        mediaContentType: "IMAGE",
        image: { url: `https://cdn.shopify.com/s/files/1/0000/0001/products/p${i}-${m}.jpg?v=1700000000`, altText: m ? null : title },
        __parentId: id,
      });
    }
    for (const key of ["material", "color", "care_instructions", "style", "audience"]) {
      await write({
        id: `gid://shopify/Metafield/${i * 10 + key.length}`,
        namespace: "byok_enrich",
        key,
        type: "single_line_text_field",
        value: sentence(random, 4),
        __parentId: id,
      });
    }
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

function runChild(url: string, bytes: number, expected: number, exposeGc: boolean): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const flags = exposeGc ? ["--expose-gc"] : [];
    const proc = spawn(process.execPath, [...flags, "--import", "tsx", fileURLToPath(import.meta.url), "--child", url, String(bytes), String(expected)], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    proc.stdout.on("data", (d) => (out += d));
    proc.on("error", reject);
    proc.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!)) : reject(new Error(`child exited ${code}`))));
  });
}

async function parent(sizes: number[], regenerate: boolean): Promise<void> {
  const files = new Map<number, string>();
  for (const size of sizes) {
    const file = join(benchDir, `bulk-products-${size}.jsonl`);
    if (regenerate || !existsSync(file)) {
      const t = Date.now();
      process.stdout.write(`generating ${size} products → ${file} … `);
      await generate(file, size);
      process.stdout.write(`${((Date.now() - t) / 1000).toFixed(1)} s\n`);
    }
    files.set(size, file);
  }

  // Served the way Shopify serves result files: a plain GET streaming the JSONL.
  const server = createServer((req, res) => {
    const size = Number(new URL(req.url ?? "/", "http://x").pathname.slice(1));
    const file = files.get(size);
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/jsonl", "content-length": statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  const results = new Map<number, ChildResult>();
  try {
    for (const size of sizes) {
      const bytes = statSync(files.get(size)!).size;
      const url = `http://127.0.0.1:${port}/${size}`;
      // Throughput and peaks from an undisturbed run; live heap from a second run that forces
      // GCs (forced GCs change V8's heap sizing, so they would distort the peaks).
      const result = await runChild(url, bytes, size, false);
      if (result.products !== size) throw new Error(`read ${result.products} products, expected ${size}`);
      result.liveHeapMb = (await runChild(url, bytes, size, true)).liveHeapMb;
      results.set(size, result);
    }
  } finally {
    server.close();
  }

  console.log("\nBulkQueryReader over HTTP (one child process per size, Node " + process.version + ")");
  console.log("products  | file MB | seconds | products/s | MB/s  | peak RSS MB | peak heap MB | live heap MB | children (v/i/m)");
  for (const [size, r] of results) {
    const mb = r.bytes / 1024 / 1024;
    console.log(
      [
        String(size).padEnd(9),
        mb.toFixed(1).padStart(7),
        r.seconds.toFixed(2).padStart(7),
        Math.round(r.products / r.seconds).toString().padStart(10),
        (mb / r.seconds).toFixed(1).padStart(5),
        r.peakRssMb.toFixed(1).padStart(11),
        r.peakHeapMb.toFixed(1).padStart(12),
        r.liveHeapMb.toFixed(1).padStart(12),
        `${r.variants}/${r.images}/${r.metafields}`,
      ].join(" | "),
    );
  }
  if (sizes.length >= 2) {
    const small = results.get(Math.min(...sizes))!;
    const large = results.get(Math.max(...sizes))!;
    const rss = large.peakRssMb / small.peakRssMb;
    const heap = large.peakHeapMb / small.peakHeapMb;
    const live = large.liveHeapMb / small.liveHeapMb;
    console.log(
      `\nratios (largest / smallest): peak RSS ${rss.toFixed(2)}×, peak heap ${heap.toFixed(2)}×, live heap after GC ${live.toFixed(2)}×` +
        ` — goal peak RSS ≤ 1.20×: ${rss <= 1.2 ? "met" : "NOT met"}`,
    );
    console.log("(peak heap includes garbage not yet collected; live heap after GC is what the reader retains)");
  }
  for (const [size, r] of results) {
    console.log(`RSS MB after each tenth of the ${size}-product file: ${r.rssCurveMb.map((m) => m.toFixed(0)).join(" ")}`);
  }
}

const args = process.argv.slice(2);
if (args[0] === "--child") {
  await child(args[1]!, Number(args[2]), Number(args[3]));
} else {
  const sizesArg = args.indexOf("--sizes");
  const sizes = sizesArg >= 0 ? args[sizesArg + 1]!.split(",").map(Number) : [10_000, 100_000];
  await parent(sizes, args.includes("--regenerate"));
}

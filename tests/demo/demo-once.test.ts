// `npm run demo -- --once …` is the headless contract CI and later issues build on: it must
// exit 0 after a completed job and write the report and the store export in their shapes.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { REPO_ROOT, childEnv, nodeBinary } from "../support/app-server";

const TSX = path.join(REPO_ROOT, "node_modules/tsx/dist/cli.mjs");

let outDir: string;
beforeAll(() => {
  outDir = mkdtempSync(path.join(tmpdir(), "byok-demo-once-"));
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

test("--once seeds the catalog, reaches it through the app, writes the report and the store, exits 0", async () => {
  const report = path.join(outDir, "report.json");
  const storeOut = path.join(outDir, "store.jsonl");
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = execFile(
      nodeBinary(),
      [TSX, "tests/demo/main.ts", "--once", "--count", "3", "--report", report, "--store-out", storeOut],
      { cwd: REPO_ROOT, env: childEnv({ DEMO_DATABASE_URL: `file:${path.join(outDir, "demo.sqlite")}` }), timeout: 90_000 },
      (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
    );
  });
  expect(code, stderr).toBe(0);

  const written = JSON.parse(readFileSync(report, "utf8"));
  expect(Object.keys(written).sort()).toEqual(
    ["products", "enriched", "failed", "skipped", "shopifyCalls", "usage", "cost", "durationMs", "errors", "notes"].sort(),
  );
  expect(Object.keys(written.shopifyCalls).sort()).toEqual(
    ["bulkQueries", "bulkMutations", "directQueries", "directMutations", "throttled"].sort(),
  );
  expect(Object.keys(written.usage).sort()).toEqual(["inputTokens", "cachedInputTokens", "outputTokens", "characters"].sort());
  expect(Object.keys(written.cost).sort()).toEqual(["estimated", "actual", "currency"].sort());
  expect(written.products).toBe(3);
  expect(written.errors).toEqual([]);
  // The app itself queried the simulated shop (with the stored offline session).
  expect(written.shopifyCalls.directQueries).toBeGreaterThan(0);
  expect(written.notes.length).toBeGreaterThan(0);

  const lines = readFileSync(storeOut, "utf8").trim().split("\n").map((line) => JSON.parse(line));
  const products = lines.filter((line) => !line.__parentId);
  expect(products).toHaveLength(3);
  for (const product of products) expect(product.id).toMatch(/^gid:\/\/shopify\/Product\/\d+$/);
}, 120_000);

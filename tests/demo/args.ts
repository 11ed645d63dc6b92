// The demo's command line. The headless contract (issue 2) is kept stable:
//   npm run demo -- --once [--count N | --products FILE.jsonl] [--tasks LIST] [--locales LIST]
//                  [--report FILE.json] [--store-out FILE.jsonl] [--provider-url KIND=URL]
import { parseArgs } from "node:util";
import { PROVIDER_KINDS, type ProviderKind } from "./provider-kinds";

export interface DemoArgs {
  /** Run one catalog-wide job end to end, write the outputs and exit. */
  once: boolean;
  /** Generated products to seed (when no --products file is given). */
  count?: number;
  /** A JSONL catalog in the bulk-export shape to seed instead. */
  productsFile?: string;
  /** Enrichment tasks; undefined = the seed workload. */
  tasks?: string[];
  /** Locales to translate into; undefined = none. */
  locales?: string[];
  reportFile?: string;
  storeOutFile?: string;
  /** Provider kinds sent to another endpoint instead of their simulator. */
  providerUrls: Partial<Record<ProviderKind, string>>;
  help: boolean;
}

export const USAGE = `Usage: npm run demo [-- --once [--count N | --products FILE.jsonl] [--tasks LIST]
                     [--locales LIST] [--report FILE.json] [--store-out FILE.jsonl]
                     [--provider-url KIND=URL ...]]

Without --once: serves the app inside a local admin frame and prints its URL (Ctrl-C stops).
KIND is one of: ${PROVIDER_KINDS.join(", ")}. LIST is comma-separated.`;

const list = (value: string | undefined) =>
  value === undefined
    ? undefined
    : value
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean);

export function parseDemoArgs(argv: string[]): DemoArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      once: { type: "boolean", default: false },
      count: { type: "string" },
      products: { type: "string" },
      tasks: { type: "string" },
      locales: { type: "string" },
      report: { type: "string" },
      "store-out": { type: "string" },
      "provider-url": { type: "string", multiple: true },
      help: { type: "boolean", short: "h", default: false },
    },
  });

  if (values.count !== undefined && values.products !== undefined) {
    throw new Error("--count and --products exclude each other: seed generated products or a file, not both");
  }
  let count: number | undefined;
  if (values.count !== undefined) {
    count = Number(values.count);
    if (!Number.isInteger(count) || count < 0) throw new Error(`--count must be a whole number, got "${values.count}"`);
  }

  const providerUrls: DemoArgs["providerUrls"] = {};
  for (const entry of values["provider-url"] ?? []) {
    const match = entry.match(/^([a-z]+)=(.+)$/);
    if (!match) throw new Error(`--provider-url wants KIND=URL, got "${entry}"`);
    const [, kind, url] = match;
    if (!(PROVIDER_KINDS as readonly string[]).includes(kind)) {
      throw new Error(`--provider-url: unknown provider kind "${kind}" (one of ${PROVIDER_KINDS.join(", ")})`);
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`--provider-url ${kind}: "${url}" is not a URL`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      throw new Error(`--provider-url ${kind}: only http(s) URLs, got "${url}"`);
    }
    providerUrls[kind as ProviderKind] = url;
  }

  return {
    once: values.once ?? false,
    count,
    productsFile: values.products,
    tasks: list(values.tasks),
    locales: list(values.locales),
    reportFile: values.report,
    storeOutFile: values["store-out"],
    providerUrls,
    help: values.help ?? false,
  };
}

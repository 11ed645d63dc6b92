// The one place where `npm run demo -- --once` runs a catalog-wide job against a running demo
// environment. The enrichment pipeline does not exist yet; until it does, this proves the part
// every job stands on — the app reaching the shop's catalog with its stored offline session —
// and says in `notes` what it did not do.
//
// How the app is reached: the built app runs in its own process, so its
// `unauthenticated.admin(shop)` cannot be called from here, and the app has no background route
// yet. The demo therefore makes the request the embedded page makes: a Remix data request for
// the home page with a session token signed as the admin signs it. The real
// `authenticate.admin` validates the token, loads the stored offline session `offline_<shop>`
// (the same session `unauthenticated.admin(shop)` uses) and queries the simulator with its
// access token. The session is checked afterwards: had it been unusable, the library would
// have exchanged the token for a new one and replaced it.
import type { DemoEnvironment } from "./environment";
import { loadOfflineSession } from "./offline-session";
import { noUsage, type ReportError, type UsageTotals } from "./report";
import { MERCHANT_BROWSER_USER_AGENT } from "./user-agent";

/** The seed workload: title, description and five attributes (metafields). */
export const SEED_TASKS = ["title", "description", "attributes"];

export interface CatalogJobRequest {
  tasks: string[];
  /** Locales to translate into (besides the shop's primary one). */
  locales: string[];
}

export interface CatalogJobOutcome {
  /** The job ran to its end (items may still have failed). */
  completed: boolean;
  products: number;
  enriched: number;
  failed: number;
  skipped: number;
  usage: UsageTotals;
  cost: { estimated: number; actual: number; currency: string };
  errors: ReportError[];
  notes: string[];
}

interface HomeData {
  overview: { name: string; domain: string; productCount: number; locales: { locale: string }[] };
}

/** The app's home-page loader data, fetched as the embedded page fetches it. */
export async function fetchHomeData(env: DemoEnvironment): Promise<HomeData> {
  const response = await fetch(`${env.appUrl}/app?_data=${encodeURIComponent("routes/app._index")}`, {
    headers: { authorization: `Bearer ${await env.sessionToken()}`, "user-agent": MERCHANT_BROWSER_USER_AGENT },
  });
  const body = await response.text();
  if (response.status !== 200) {
    throw new Error(`the app answered ${response.status} to the home data request: ${body.slice(0, 500)}`);
  }
  return JSON.parse(body) as HomeData;
}

export async function runCatalogJob(env: DemoEnvironment, request: CatalogJobRequest): Promise<CatalogJobOutcome> {
  const errors: ReportError[] = [];
  const notes: string[] = [];
  let products = 0;

  const before = await loadOfflineSession(env.databaseUrl, env.shop);
  try {
    const { overview } = await fetchHomeData(env);
    products = overview.productCount;
    const after = await loadOfflineSession(env.databaseUrl, env.shop);
    if (!before || !after || after.accessToken !== before.accessToken) {
      errors.push({ message: `the app did not use the stored offline session of ${env.shop}` });
    } else {
      notes.push(
        `Catalog reached through the app's Admin path: an embedded data request (session token → ` +
          `authenticate.admin → stored offline session offline_${env.shop} → Admin GraphQL on the simulator) ` +
          `counted ${products} products in ${overview.domain} (locales ${overview.locales.map((l) => l.locale).join(", ")}). ` +
          `No bulk pull yet: the app has no catalog reader wired to a job.`,
      );
    }
  } catch (error) {
    errors.push({ message: error instanceof Error ? error.message : String(error) });
  }

  notes.push(
    `Enrichment skipped: the pipeline does not exist yet (later issue). Tasks requested: ${request.tasks.join(", ") || "none"}; ` +
      `translation locales requested: ${request.locales.join(", ") || "none"}. All ${products} products are counted as skipped.`,
    "Provider keys and assignments are not seeded by the demo yet (they come with the key vault). " +
      "No provider was called, so usage and cost are 0.",
  );
  for (const provider of Object.values(env.providers)) {
    if (!provider.simulator) notes.push(`Provider ${provider.kind} goes to ${provider.url} (--provider-url), not to its simulator.`);
  }

  return {
    completed: errors.length === 0,
    products,
    enriched: 0,
    failed: 0,
    skipped: products,
    usage: noUsage(),
    cost: { estimated: 0, actual: 0, currency: "USD" },
    errors,
    notes,
  };
}

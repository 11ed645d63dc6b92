// Everything the demo runs, started in order and stopped in reverse: the Shopify Admin
// simulator with a seeded shop, one provider simulator per kind, the real built app (a child
// process whose Shopify calls go to the simulator), the proxy that stands in for Shopify's CDN
// and admin origin, and the local admin frame. Used by `npm run demo` and by tests.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { startShopifySimulator } from "../simulators/shopify/server";
import { startProviderSimulator } from "../simulators/providers/server";
import type { ProviderSimulator } from "../simulators/providers/types";
import { REPO_ROOT, freePort, prepareAppBuild, startAppServer } from "../support/app-server";
import { APP_BRIDGE_PATH, startAdminFrame } from "./admin-frame/server";
import { adminHostParam, signSessionToken } from "./admin-frame/session-token";
import { startAppProxy } from "./app-proxy";
import { migrateDatabase } from "./database";
import { storeOfflineSession } from "./offline-session";
import { seedDemoProviders } from "./seed-providers";
import { PROVIDER_KINDS, type ProviderKind } from "./provider-kinds";

export type ShopifySimulator = Awaited<ReturnType<typeof startShopifySimulator>>;

export const DEMO_SHOP = "byok-demo.myshopify.com";
export const DEMO_DATABASE_URL = `file:${path.join(REPO_ROOT, "tmp/demo/demo.sqlite")}`;

export interface DemoEnvironmentOptions {
  /** The shop the admin frame opens (default byok-demo.myshopify.com). */
  shop?: string;
  /** Generated products to seed (default 50); ignored when `productsFile` is given. */
  productCount?: number;
  /** Seed from a JSONL catalog in the bulk-export shape instead. */
  productsFile?: string;
  /** Seed of the catalog generator, for a reproducible catalog. */
  seed?: number;
  /** Locales enabled besides the primary en (default fr and de). */
  extraLocales?: string[];
  /** The app's database (default tmp/demo/demo.sqlite). */
  databaseUrl?: string;
  /** Apply the migrations first (default true; tests pass false for the already migrated test database). */
  migrate?: boolean;
  /** Rebuild the app first when its sources changed (default true). */
  build?: boolean;
  /** Send a provider kind to this endpoint instead of starting its simulator. */
  providerUrls?: Partial<Record<ProviderKind, string>>;
  /**
   * The key vault's secret (BYOK_VAULT_SECRET; the app refuses to start in production without
   * one). Default: a random one for this run — pass a kept one when the database outlives it.
   */
  vaultSecret?: string;
  /**
   * Store the demo keys (one per provider, its base URL that provider's endpoint) and the default
   * assignments through the vault, sealed with `vaultSecret`, and let the app reach local
   * providers (BYOK_ALLOW_PRIVATE_PROVIDER_URLS=true). Idempotent on a kept database. Default
   * false: tests that add providers themselves start from the empty state. Sets DATABASE_URL and
   * BYOK_VAULT_SECRET in this process (the app's modules read them).
   */
  seedProviders?: boolean;
  /** More environment for the app process. */
  appEnv?: Record<string, string>;
  /** The admin frame's port (default: any free port). */
  adminPort?: number;
  /** Progress messages and the app's output. */
  log?: (line: string) => void;
}

export interface DemoProvider {
  kind: ProviderKind;
  url: string;
  /** Absent when --provider-url sent this kind elsewhere. */
  simulator?: ProviderSimulator;
}

export interface DemoEnvironment {
  /** Open this in a browser: the admin frame with the app inside. */
  adminUrl: string;
  /** SHOPIFY_APP_URL: the proxy in front of the app. */
  appUrl: string;
  shop: string;
  shopify: ShopifySimulator;
  providers: Record<ProviderKind, DemoProvider>;
  databaseUrl: string;
  apiKey: string;
  /** The `host` query parameter Shopify's admin passes for the shop. */
  host: string;
  /** A session token for the shop, signed as the admin signs it (for HTTP calls to the app). */
  sessionToken(): Promise<string>;
  /** The seeded provider keys' ids by kind (only with `seedProviders`). */
  providerKeyIds?: Record<string, string>;
  /** The app's recent output (for error messages). */
  appOutput(): string;
  close(): Promise<void>;
}

/** The app's client id and scopes, from shopify.app.toml (the same values `shopify app dev` uses). */
export function readAppConfig(): { apiKey: string; scopes: string } {
  const toml = readFileSync(path.join(REPO_ROOT, "shopify.app.toml"), "utf8");
  const apiKey = toml.match(/^client_id\s*=\s*"([^"]+)"/m)?.[1];
  const scopes = toml.match(/^scopes\s*=\s*"([^"]*)"/m)?.[1];
  if (!apiKey || scopes === undefined) throw new Error("shopify.app.toml: client_id or access_scopes.scopes missing");
  return { apiKey, scopes };
}

export async function startDemoEnvironment(options: DemoEnvironmentOptions = {}): Promise<DemoEnvironment> {
  const log = options.log ?? (() => {});
  const shop = options.shop ?? DEMO_SHOP;
  const databaseUrl = options.databaseUrl ?? DEMO_DATABASE_URL;
  const { apiKey, scopes } = readAppConfig();
  // A fresh secret per run: only the app, the admin frame and the simulator ever see it.
  const apiSecret = randomBytes(24).toString("hex");

  // Everything started so far, stopped in reverse order — also when a later step fails.
  const stops: (() => Promise<unknown>)[] = [];
  const close = async () => {
    while (stops.length) {
      const stop = stops.pop()!;
      await stop().catch((error) => log(`shutdown: ${error instanceof Error ? error.message : String(error)}`));
    }
  };

  try {
    log("building the app (remix build, unless build/ is up to date)…");
    const appDir = await prepareAppBuild({ rebuild: options.build !== false });
    if (options.migrate !== false) {
      log("migrating the database…");
      await migrateDatabase(databaseUrl);
    }

    const shopify = await startShopifySimulator({ apiKey, apiSecret });
    stops.push(() => shopify.close());
    shopify.store.configureShop(shop, { locales: options.extraLocales ?? ["fr", "de"] });
    if (options.productsFile) {
      await shopify.store.seedFromJsonl(shop, options.productsFile);
    } else {
      shopify.store.seedGenerated(shop, options.productCount ?? 50, { seed: options.seed });
    }
    log(`Shopify simulator at ${shopify.url} (${shop})`);

    const providers = {} as Record<ProviderKind, DemoProvider>;
    for (const kind of PROVIDER_KINDS) {
      const url = options.providerUrls?.[kind];
      if (url) {
        providers[kind] = { kind, url };
        continue;
      }
      const simulator = await startProviderSimulator({ kind });
      stops.push(() => simulator.close());
      providers[kind] = { kind, url: simulator.url, simulator };
    }

    // The install: an offline access token from the simulator, stored as the app stores it.
    const accessToken = shopify.issueAccessToken(shop, scopes);
    await storeOfflineSession({ databaseUrl, shop, accessToken, scope: scopes });

    // The app must decrypt what is stored here: one secret for both.
    const vaultSecret = options.vaultSecret ?? randomBytes(48).toString("base64");
    let providerKeyIds: Record<string, string> | undefined;
    if (options.seedProviders) {
      providerKeyIds = await seedDemoProviders({ shop, providers, databaseUrl, vaultSecret });
      log(`provider keys stored for ${shop}: ${Object.keys(providerKeyIds).join(", ")} (enrichment: openai gpt-4o-mini, translation: deepl)`);
    }

    // The admin frame must know the app's URL, the proxy the admin's origin and the app's port:
    // reserve the admin's and the app's ports first.
    const adminPort = options.adminPort ?? (await freePort());
    const appPort = await freePort();
    const adminOrigin = `http://127.0.0.1:${adminPort}`;
    const proxy = await startAppProxy({
      target: `http://127.0.0.1:${appPort}`,
      adminOrigin,
      appBridgeUrl: `${adminOrigin}${APP_BRIDGE_PATH}`,
    });
    stops.push(() => proxy.close());
    const admin = await startAdminFrame({
      apiKey,
      apiSecret,
      appUrl: proxy.url,
      shops: [shop],
      port: adminPort,
      listProducts: (domain, query) => {
        const needle = query.trim().toLowerCase();
        return shopify.store
          .shop(domain)
          .products()
          .filter((p) => !needle || p.title.toLowerCase().includes(needle))
          .map((p) => ({ id: p.id, title: p.title, handle: p.handle, status: p.status, totalVariants: p.variants.length }));
      },
    });
    stops.push(() => admin.close());

    const allowedHosts = Object.values(options.providerUrls ?? {}).map((url) => new URL(url).hostname);
    const app = await startAppServer({
      appDir,
      port: appPort,
      env: {
        SHOPIFY_API_KEY: apiKey,
        SHOPIFY_API_SECRET: apiSecret,
        SHOPIFY_APP_URL: proxy.url,
        SCOPES: scopes,
        DATABASE_URL: databaseUrl,
        DEMO_SHOPIFY_SIMULATOR_URL: shopify.url,
        DEMO_ALLOWED_HOSTS: allowedHosts.join(","),
        BYOK_VAULT_SECRET: vaultSecret,
        // The demo app looks after its own shop's jobs only (its database may be shared by tests).
        JOB_SHOPS: shop,
        ...(options.seedProviders ? { BYOK_ALLOW_PRIVATE_PROVIDER_URLS: "true" } : {}),
        ...options.appEnv,
      },
      imports: ["tsx", pathToFileURL(path.join(REPO_ROOT, "tests/demo/app-preload.ts")).href],
      onOutput: (line) => line.trim() && log(`[app] ${line}`),
    });
    stops.push(() => app.close());
    log(`app (pid ${app.pid}) at ${proxy.url}`);

    return {
      adminUrl: admin.adminUrl(shop),
      appUrl: proxy.url,
      shop,
      shopify,
      providers,
      databaseUrl,
      apiKey,
      host: adminHostParam(shop),
      sessionToken: () => signSessionToken({ shop, apiKey, apiSecret }),
      providerKeyIds,
      appOutput: () => app.output(),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

// The simulator's in-memory shops, created on demand per shop domain, plus seeding and export.
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { generateCatalog, type CatalogOptions } from "./catalog-generator";
import { CatalogJsonlReader, productExportLines } from "./domain/catalog-jsonl";
import { IdAllocator } from "./domain/id-allocator";
import { ShopData, type ShopSettings } from "./domain/shop-data";

export { ShopData, type ShopSettings } from "./domain/shop-data";
export type * from "./domain/records";

/** "demo", "demo.myshopify.com" and "https://demo.myshopify.com/" all name the same shop. */
export function normalizeShopDomain(shop: string): string {
  const host = shop
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, "")
    .replace(/[/:].*$/, "");
  return host.includes(".") ? host : `${host}.myshopify.com`;
}

export class ShopStore {
  readonly ids = new IdAllocator();
  private readonly shops = new Map<string, ShopData>();

  /** The shop's data, created empty (primary locale en, USD) on first use. */
  shop(domain: string): ShopData {
    const key = normalizeShopDomain(domain);
    let shop = this.shops.get(key);
    if (!shop) {
      shop = new ShopData(key, this.ids);
      this.shops.set(key, shop);
    }
    return shop;
  }

  has(domain: string): boolean {
    return this.shops.has(normalizeShopDomain(domain));
  }

  domains(): string[] {
    return [...this.shops.keys()];
  }

  /** Name, currency, enabled locales (e.g. { locales: ["fr", "de"] }). */
  configureShop(domain: string, settings: ShopSettings): ShopData {
    const shop = this.shop(domain);
    shop.configure(settings);
    return shop;
  }

  /** Adds `count` generated products; returns the shop's product count. */
  seedGenerated(domain: string, count: number, options: CatalogOptions = {}): number {
    const shop = this.shop(domain);
    for (const seed of generateCatalog(count, options)) shop.addProduct(seed);
    return shop.productCount;
  }

  /** Reads products in the bulk-export shape, from JSONL text or a file path; returns how many were read. */
  async seedFromJsonl(domain: string, textOrPath: string): Promise<number> {
    const reader = new CatalogJsonlReader(this.shop(domain));
    const isPath = !textOrPath.includes("\n") && !textOrPath.trimStart().startsWith("{") && existsSync(textOrPath);
    if (isPath) {
      const lines = createInterface({ input: createReadStream(textOrPath, "utf8"), crlfDelay: Infinity });
      for await (const line of lines) reader.line(line);
    } else {
      for (const line of textOrPath.split("\n")) reader.line(line);
    }
    return reader.finish();
  }

  /** Every product as bulk-export lines (constant memory per line). */
  exportJsonlLines(domain: string): Generator<string> {
    return productExportLines(this.shop(domain));
  }

  exportJsonl(domain: string): string {
    let out = "";
    for (const line of this.exportJsonlLines(domain)) out += `${line}\n`;
    return out;
  }

  /** Streams the export to a file, honouring back-pressure (for large catalogs). */
  async writeJsonl(domain: string, path: string): Promise<void> {
    const file = createWriteStream(path, "utf8");
    for (const line of this.exportJsonlLines(domain)) {
      if (!file.write(`${line}\n`)) await once(file, "drain");
    }
    file.end();
    await once(file, "finish");
  }
}

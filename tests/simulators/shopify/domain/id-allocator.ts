// Numeric ids in realistic ranges, unique across every shop of one simulator (Shopify ids are global).
import { gid, parseGid } from "./ids";

const BASES: Record<string, number> = {
  Shop: 90_000_000_000,
  Product: 10_000_000_000_000,
  ProductVariant: 50_000_000_000_000,
  ProductOption: 12_000_000_000_000,
  MediaImage: 40_000_000_000_000,
  ProductImage: 41_000_000_000_000,
  Metafield: 45_000_000_000_000,
  MetafieldDefinition: 220_000_000_000,
  BulkOperation: 8_000_000_000_000,
  StagedUpload: 1,
};

export class IdAllocator {
  private readonly next = new Map<string, number>();

  allocate(type: string): number {
    const value = this.next.get(type) ?? BASES[type] ?? 1_000_000;
    this.next.set(type, value + 1);
    return value;
  }

  gid(type: string): string {
    return gid(type, this.allocate(type));
  }

  /** Keeps an id read from a file, and makes sure later allocations never collide with it. */
  reserve(id: string): void {
    const parsed = parseGid(id);
    if (!parsed) return;
    const n = Number(parsed.id);
    if (!Number.isSafeInteger(n)) return;
    const current = this.next.get(parsed.type) ?? BASES[parsed.type] ?? 1_000_000;
    if (n >= current) this.next.set(parsed.type, n + 1);
  }
}

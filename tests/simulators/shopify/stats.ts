// How the app used the Admin API, per shop: what a report of Shopify calls needs.

export interface ShopCallStats {
  bulkQueries: number;
  bulkMutations: number;
  directQueries: number;
  directMutations: number;
  throttled: number;
}

export class CallStats {
  private readonly byShop = new Map<string, ShopCallStats>();

  count(shop: string, kind: keyof ShopCallStats): void {
    const stats = this.get(shop);
    stats[kind]++;
  }

  /** A copy, so callers can compare snapshots. */
  snapshot(shop: string): ShopCallStats {
    return { ...this.get(shop) };
  }

  private get(shop: string): ShopCallStats {
    let stats = this.byShop.get(shop);
    if (!stats) {
      stats = { bulkQueries: 0, bulkMutations: 0, directQueries: 0, directMutations: 0, throttled: 0 };
      this.byShop.set(shop, stats);
    }
    return stats;
  }
}

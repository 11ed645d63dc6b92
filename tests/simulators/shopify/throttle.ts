// Shopify's leaky bucket for GraphQL Admin calls: one per app and shop. A call needs its
// requested cost available up front, then gets back the difference to its actual cost.

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export class LeakyBucket {
  private points: number;
  private updatedAt: number;

  constructor(
    readonly size: number,
    readonly restoreRate: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.points = size;
    this.updatedAt = now();
  }

  private refill(): void {
    const at = this.now();
    this.points = Math.min(this.size, this.points + ((at - this.updatedAt) / 1000) * this.restoreRate);
    this.updatedAt = at;
  }

  /** Takes `cost` points if that many are available; false means THROTTLED. */
  tryTake(cost: number): boolean {
    this.refill();
    if (cost > this.points) return false;
    this.points -= cost;
    return true;
  }

  refund(points: number): void {
    this.refill();
    this.points = Math.min(this.size, this.points + Math.max(0, points));
  }

  status(): ThrottleStatus {
    this.refill();
    return { maximumAvailable: this.size, currentlyAvailable: Math.floor(this.points), restoreRate: this.restoreRate };
  }
}

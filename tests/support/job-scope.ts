// Test files share one database, each with its own simulators. A job runner in one test
// process must never take another file's jobs (it would send their calls to the wrong
// simulator), so every test process starts dedicated to no shop (JOB_SHOPS, read by the app's
// runner at each sweep) and adds each shop it creates.
const NO_SHOP = "no-shop.invalid";

export function dedicateJobRunnerTo(shop: string): void {
  const shops = new Set((process.env.JOB_SHOPS ?? "").split(",").filter((s) => s && s !== NO_SHOP));
  shops.add(shop);
  process.env.JOB_SHOPS = [...shops].join(",");
}

export function scopeJobRunnersToNoShop(): void {
  if (!process.env.JOB_SHOPS) process.env.JOB_SHOPS = NO_SHOP;
}

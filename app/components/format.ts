// How the pages print dates, counts and money. Dates are shown in UTC so that the server's
// render and the browser's agree (and the ledger's days are UTC days).
const DATE = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });
const DATE_TIME = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const DAY = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const COUNT = new Intl.NumberFormat("en-US");

export function formatDate(iso: string | Date): string {
  return DATE.format(new Date(iso));
}

export function formatDateTime(iso: string | Date): string {
  return `${DATE_TIME.format(new Date(iso))} UTC`;
}

/** "Nov 26" for a YYYY-MM-DD day. */
export function formatDay(day: string): string {
  return DAY.format(new Date(`${day}T00:00:00Z`));
}

export function formatCount(n: number): string {
  return COUNT.format(n);
}

/** A ledger amount (decimal string) for people: cents, or more digits for amounts under a cent. */
export function formatMoney(amount: string | number, currency: string): string {
  const value = Number(amount);
  const digits = value !== 0 && Math.abs(value) < 0.01 ? 4 : 2;
  try {
    return new Intl.NumberFormat("en-US", {
      style: "currency",
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(value);
  } catch {
    return `${value.toFixed(digits)} ${currency}`;
  }
}

/** Several currencies' amounts on one line: "$12.40 + €0.35" ("$0.00" when there are none). */
export function formatAmounts(amounts: Record<string, string>, fallbackCurrency = "USD"): string {
  const entries = Object.entries(amounts);
  if (entries.length === 0) return formatMoney(0, fallbackCurrency);
  return entries.map(([currency, amount]) => formatMoney(amount, currency)).join(" + ");
}

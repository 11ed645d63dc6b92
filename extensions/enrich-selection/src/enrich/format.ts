import type { I18n } from "@shopify/ui-extensions/admin";

/**
 * A cost as merchants compare it with their provider's dashboard: cents for amounts of a cent
 * or more, and two significant digits below that (a few products cost fractions of a cent).
 */
export function formatCost(i18n: I18n, amount: string, currency: string): string {
  const value = Number(amount);
  if (!Number.isFinite(value)) return `${amount} ${currency}`;
  if (value > 0 && value < 0.01) return i18n.formatCurrency(value, { currency, maximumSignificantDigits: 2 });
  return i18n.formatCurrency(value, { currency, minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

export function formatCount(i18n: I18n, value: number): string {
  return i18n.formatNumber(value, { maximumFractionDigits: 0 });
}

// Money for people: "$12.40", "€0.35". When rounding to cents would make two amounts that
// differ look the same (a projected $10.004 against a $10.00 cap), more digits are shown.
import { Decimal, toDecimal } from "../pricing/cost";

export function formatMoney(amount: Decimal | string | number, currency: string, distinctFrom?: Decimal | string | number): string {
  const value = toDecimal(amount);
  const other = distinctFrom === undefined ? null : toDecimal(distinctFrom);
  let digits = 2;
  while (other && digits < 6 && value.toDecimalPlaces(digits).eq(other.toDecimalPlaces(digits)) && !value.eq(other)) digits++;
  try {
    return new Intl.NumberFormat("en-US", {
      style: "currency",
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(Number(value.toDecimalPlaces(digits, Decimal.ROUND_HALF_UP).toFixed()));
  } catch {
    return `${value.toFixed(digits)} ${currency}`; // not an ISO currency code
  }
}

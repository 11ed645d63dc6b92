// translationsRegister / translationsRemove with the checks Shopify makes, in its order:
// resource exists, at most 100 keys, then per translation: market, locale enabled and not the
// primary one, key translatable, digest equals sha256 of the current source value, value present.
import { timestamp } from "./ids";
import type { UserError } from "./metafield-writes";
import type { TranslationRecord } from "./records";
import type { ShopData } from "./shop-data";
import { productTranslatableContent } from "./translatable-content";

export interface TranslationInput {
  key: string;
  locale: string;
  value: string;
  translatableContentDigest: string;
  marketId?: string | null;
}

export function registerTranslations(shop: ShopData, resourceId: string, inputs: TranslationInput[]): { translations: TranslationRecord[] | null; userErrors: UserError[] } {
  const product = shop.product(resourceId);
  if (!product) {
    return { translations: null, userErrors: [{ field: ["resourceId"], message: `Resource ${resourceId} does not exist`, code: "RESOURCE_NOT_FOUND" }] };
  }
  if (inputs.length > 100) {
    return { translations: null, userErrors: [{ field: ["resourceId"], message: "Too many keys for resource - maximum 100 per mutation", code: "TOO_MANY_KEYS_FOR_RESOURCE" }] };
  }
  const content = productTranslatableContent(product, shop.primaryLocale);
  const errors: UserError[] = [];
  inputs.forEach((input, i) => {
    const at = (field: string) => ["translations", String(i), field];
    if (input.marketId) {
      errors.push({ field: at("marketId"), message: "The market corresponding to the `marketId` argument doesn't exist", code: "MARKET_DOES_NOT_EXIST" });
      return;
    }
    if (input.locale === shop.primaryLocale) {
      errors.push({ field: at("locale"), message: "Locale cannot be the same as the shop's primary locale", code: "INVALID_LOCALE_FOR_SHOP" });
      return;
    }
    if (!shop.hasLocale(input.locale)) {
      errors.push({ field: at("locale"), message: "Locale is not a valid locale for the shop", code: "INVALID_LOCALE_FOR_SHOP" });
      return;
    }
    const source = content.find((item) => item.key === input.key);
    if (!source) {
      errors.push({ field: at("key"), message: `Key ${input.key} is not a valid translatable field`, code: "INVALID_KEY_FOR_MODEL" });
      return;
    }
    if (input.translatableContentDigest !== source.digest) {
      errors.push({ field: at("translatableContentDigest"), message: "Translatable content hash is invalid", code: "INVALID_TRANSLATABLE_CONTENT" });
      return;
    }
    if (!input.value.trim()) errors.push({ field: at("value"), message: "Value can't be blank", code: "FAILS_RESOURCE_VALIDATION" });
  });
  if (errors.length > 0) return { translations: [], userErrors: errors };

  const now = timestamp();
  const written = inputs.map((input) => {
    const digest = content.find((item) => item.key === input.key)!.digest;
    let record = product.translations.find((t) => t.key === input.key && t.locale === input.locale && t.marketId === null);
    if (record) {
      record.value = input.value;
      record.sourceDigest = digest;
      record.updatedAt = now;
    } else {
      record = { key: input.key, locale: input.locale, value: input.value, marketId: null, sourceDigest: digest, updatedAt: now };
      product.translations.push(record);
    }
    return record;
  });
  return { translations: written, userErrors: [] };
}

export function removeTranslations(shop: ShopData, resourceId: string, keys: string[], locales: string[]): { translations: TranslationRecord[] | null; userErrors: UserError[] } {
  const product = shop.product(resourceId);
  if (!product) return { translations: null, userErrors: [{ field: ["resourceId"], message: `Resource ${resourceId} does not exist`, code: "RESOURCE_NOT_FOUND" }] };
  const removed = product.translations.filter((t) => keys.includes(t.key) && locales.includes(t.locale));
  product.translations = product.translations.filter((t) => !removed.includes(t));
  return { translations: removed, userErrors: [] };
}

/** A translation is outdated once its source value changed after it was registered. */
export function isOutdated(shop: ShopData, resourceId: string, translation: TranslationRecord): boolean {
  const product = shop.product(resourceId);
  if (!product) return false;
  const source = productTranslatableContent(product, shop.primaryLocale).find((item) => item.key === translation.key);
  return !source || source.digest !== translation.sourceDigest;
}

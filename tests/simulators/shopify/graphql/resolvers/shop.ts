// The shop itself and its locales.
import { localeName, type ShopData } from "../../domain/shop-data";
import type { ResolverMap } from "../context";

export const shopResolvers: ResolverMap = {
  QueryRoot: {
    shop: (_src, _args, ctx) => ctx.shop,
    shopLocales: (_src, args: { published?: boolean | null }, ctx) =>
      ctx.shop
        .shopLocales()
        .filter((l) => !args.published || l.published)
        .map((l) => ({ ...l, name: localeName(l.locale), marketWebPresences: [] })),
  },
  Shop: {
    id: (shop: ShopData) => shop.id,
    name: (shop: ShopData) => shop.name,
    email: (shop: ShopData) => shop.email,
    contactEmail: (shop: ShopData) => shop.email,
    myshopifyDomain: (shop: ShopData) => shop.domain,
    currencyCode: (shop: ShopData) => shop.currencyCode,
    enabledPresentmentCurrencies: (shop: ShopData) => [shop.currencyCode],
    url: (shop: ShopData) => `https://${shop.domain}`,
    primaryDomain: (shop: ShopData) => ({ id: `gid://shopify/Domain/${shop.id.split("/").pop()}`, host: shop.domain, url: `https://${shop.domain}`, sslEnabled: true }),
    ianaTimezone: () => "America/New_York",
    timezoneAbbreviation: () => "EST",
    timezoneOffset: () => "-0500",
    timezoneOffsetMinutes: () => -300,
    weightUnit: () => "KILOGRAMS",
    createdAt: (shop: ShopData) => shop.createdAt,
    updatedAt: (shop: ShopData) => shop.createdAt,
    plan: () => ({ displayName: "Basic", partnerDevelopment: false, shopifyPlus: false, publicDisplayName: "Basic" }),
  },
};

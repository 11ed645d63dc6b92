// Facts about the shop the app shows on its home page.
import type { AdminApiContext } from "@shopify/shopify-app-remix/server";

export const SHOP_OVERVIEW_QUERY = `#graphql
  query ShopOverview {
    shop {
      name
      myshopifyDomain
    }
    productsCount {
      count
      precision
    }
    shopLocales {
      locale
      primary
      published
    }
  }
`;

export interface ShopOverview {
  name: string;
  domain: string;
  productCount: number;
  locales: { locale: string; primary: boolean; published: boolean }[];
}

export async function fetchShopOverview(admin: AdminApiContext): Promise<ShopOverview> {
  const response = await admin.graphql(SHOP_OVERVIEW_QUERY);
  const { data } = (await response.json()) as {
    data: {
      shop: { name: string; myshopifyDomain: string };
      productsCount: { count: number } | null;
      shopLocales: ShopOverview["locales"];
    };
  };
  return {
    name: data.shop.name,
    domain: data.shop.myshopifyDomain,
    productCount: data.productsCount?.count ?? 0,
    locales: data.shopLocales,
  };
}

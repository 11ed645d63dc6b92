// productUpdate and productCreate: Shopify's validation messages (captured from the live API),
// partial updates of the given fields only, and updatedAt moving forward on every write.
import { planProductMetafields, type ProductMetafieldInput, type UserError } from "./metafield-writes";
import type { ProductRecord, ProductStatus } from "./records";
import { normalizeTags, type ShopData } from "./shop-data";

export interface ProductUpdateInput {
  id?: string | null;
  title?: string | null;
  descriptionHtml?: string | null;
  handle?: string | null;
  vendor?: string | null;
  productType?: string | null;
  status?: ProductStatus | null;
  tags?: string[] | null;
  seo?: { title?: string | null; description?: string | null } | null;
  templateSuffix?: string | null;
  metafields?: ProductMetafieldInput[] | null;
}

function lengthErrors(input: ProductUpdateInput): UserError[] {
  const errors: UserError[] = [];
  const check = (field: keyof ProductUpdateInput, label: string) => {
    const value = input[field];
    if (typeof value === "string" && value.length > 255) errors.push({ field: [field], message: `${label} is too long (maximum is 255 characters)` });
  };
  check("title", "Title");
  check("vendor", "Vendor");
  check("handle", "Handle");
  if (typeof input.productType === "string" && input.productType.length > 255) {
    errors.push({ field: ["productType"], message: "Product type is too long (maximum is 255 characters)" });
    errors.push({ field: ["customProductType"], message: "Custom product type is too long (maximum is 255 characters)" });
  }
  if (input.tags?.some((tag) => tag.trim().length > 255)) errors.push({ field: ["tags"], message: "Product tags is invalid" });
  return errors;
}

/** Returns the product (unchanged when there are user errors, as Shopify does) and the errors. */
export function updateProduct(shop: ShopData, input: ProductUpdateInput, appNamespace: string): { product: ProductRecord | null; userErrors: UserError[] } {
  const product = input.id ? shop.product(input.id) : undefined;
  if (!product) return { product: null, userErrors: [{ field: ["id"], message: "Product does not exist" }] };
  const errors = lengthErrors(input);
  if (input.title !== undefined && input.title !== null && !input.title.trim()) errors.push({ field: ["title"], message: "Title can't be blank" });
  const metafields = input.metafields ? planProductMetafields(shop, product, input.metafields, appNamespace) : null;
  if (metafields) errors.push(...metafields.userErrors);
  if (errors.length > 0) return { product, userErrors: errors };

  if (input.title != null) product.title = input.title;
  if (input.descriptionHtml != null) product.descriptionHtml = input.descriptionHtml;
  if (input.vendor != null) product.vendor = input.vendor;
  if (input.productType != null) product.productType = input.productType;
  if (input.templateSuffix !== undefined) product.templateSuffix = input.templateSuffix;
  if (input.status != null) {
    product.status = input.status;
    if (input.status === "ACTIVE" && !product.publishedAt) product.publishedAt = product.updatedAt;
  }
  if (input.tags != null) product.tags = normalizeTags(input.tags);
  if (input.seo) {
    if (input.seo.title !== undefined) product.seo.title = input.seo.title || null;
    if (input.seo.description !== undefined) product.seo.description = input.seo.description || null;
  }
  if (input.handle != null && input.handle !== product.handle) shop.renameHandle(product, shop.uniqueHandle(input.handle, product));
  metafields?.apply();
  shop.touch(product);
  return { product, userErrors: [] };
}

export interface ProductCreateInput {
  title?: string | null;
  descriptionHtml?: string | null;
  handle?: string | null;
  vendor?: string | null;
  productType?: string | null;
  status?: ProductStatus | null;
  tags?: string[] | null;
  seo?: { title?: string | null; description?: string | null } | null;
  metafields?: ProductMetafieldInput[] | null;
}

export function createProduct(shop: ShopData, input: ProductCreateInput, appNamespace: string): { product: ProductRecord | null; userErrors: UserError[] } {
  const errors = lengthErrors(input);
  if (!input.title?.trim()) errors.push({ field: ["title"], message: "Title can't be blank" });
  if (errors.length > 0) return { product: null, userErrors: errors };
  const product = shop.addProduct({
    title: input.title!,
    handle: input.handle ?? undefined,
    descriptionHtml: input.descriptionHtml ?? "",
    vendor: input.vendor ?? shop.name,
    productType: input.productType ?? "",
    status: input.status ?? "ACTIVE",
    tags: input.tags ?? [],
    seo: { title: input.seo?.title ?? null, description: input.seo?.description ?? null },
    options: [],
    variants: [],
    media: [],
  });
  if (input.metafields?.length) {
    const metafields = planProductMetafields(shop, product, input.metafields, appNamespace);
    if (metafields.userErrors.length === 0) metafields.apply();
    else return { product, userErrors: metafields.userErrors };
  }
  return { product, userErrors: [] };
}

// Which products a job covers: the ones the merchant picks in Shopify's resource picker, the
// ones a product search matches, or the whole catalog. The choice is posted as hidden fields.
import { useAppBridge } from "@shopify/app-bridge-react";
import { BlockStack, Button, ChoiceList, InlineError, InlineStack, Tag, Text, TextField, Thumbnail } from "@shopify/polaris";
import { useCallback } from "react";

export type ScopeKind = "ids" | "search" | "all";

export interface PickedProduct {
  id: string;
  title: string;
  imageUrl: string | null;
}

interface Props {
  kind: ScopeKind;
  onKind(kind: ScopeKind): void;
  products: PickedProduct[];
  onProducts(products: PickedProduct[]): void;
  query: string;
  onQuery(query: string): void;
  error?: string;
}

const SHOWN = 8;

export function ProductScopePicker({ kind, onKind, products, onProducts, query, onQuery, error }: Props) {
  const shopify = useAppBridge();

  const pick = useCallback(async () => {
    const selection = await shopify.resourcePicker({
      type: "product",
      multiple: true,
      action: "select",
      selectionIds: products.map((p) => ({ id: p.id })),
    });
    if (!selection) return; // closed without choosing: keep what was there
    onProducts(
      selection.map((p) => ({
        id: p.id,
        title: p.title,
        imageUrl: p.images?.[0]?.originalSrc ?? null,
      }))
    );
    onKind("ids");
  }, [shopify, products, onProducts, onKind]);

  return (
    <BlockStack gap="400">
      <ChoiceList
        title="Products"
        titleHidden
        choices={[
          {
            label: "Products I choose",
            value: "ids",
            helpText: "Pick them in Shopify's product picker.",
            renderChildren: (selected) =>
              selected ? (
                <BlockStack gap="200">
                  <InlineStack gap="200" blockAlign="center">
                    <Button onClick={pick}>{products.length ? "Change selection" : "Select products"}</Button>
                    {products.length ? (
                      <Text as="span" tone="subdued">
                        {products.length} selected
                      </Text>
                    ) : null}
                  </InlineStack>
                  {products.length ? (
                    <BlockStack gap="100">
                      {products.slice(0, SHOWN).map((p) => (
                        <InlineStack key={p.id} gap="200" blockAlign="center">
                          {p.imageUrl ? <Thumbnail source={p.imageUrl} alt="" size="extraSmall" /> : null}
                          <Tag onRemove={() => onProducts(products.filter((other) => other.id !== p.id))}>{p.title}</Tag>
                        </InlineStack>
                      ))}
                      {products.length > SHOWN ? (
                        <Text as="p" tone="subdued">
                          and {products.length - SHOWN} more
                        </Text>
                      ) : null}
                    </BlockStack>
                  ) : null}
                </BlockStack>
              ) : null,
          },
          {
            label: "Products matching a search",
            value: "search",
            renderChildren: (selected) =>
              selected ? (
                <TextField
                  label="Search"
                  labelHidden
                  name="query"
                  value={query}
                  onChange={onQuery}
                  autoComplete="off"
                  placeholder="vendor:Acme tag:summer"
                  helpText="Shopify's product search, e.g. product_type:Shirts, tag:new, status:active, or words in the title."
                />
              ) : null,
          },
          {
            label: "All products in the catalog",
            value: "all",
            helpText: "Large catalogs are read with a bulk operation.",
          },
        ]}
        selected={[kind]}
        onChange={([value]) => onKind((value as ScopeKind) ?? "ids")}
      />
      <input type="hidden" name="scope" value={kind} />
      {kind === "ids" ? products.map((p) => <input key={p.id} type="hidden" name="productId" value={p.id} />) : null}
      {error ? <InlineError message={error} fieldID="scope" /> : null}
    </BlockStack>
  );
}

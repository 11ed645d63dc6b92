// One product's results: its status and cost, and — opened on demand — every field's current
// value beside the proposal with the reviewer's controls; approve or reject the whole product,
// or revert it once published.
import { useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, Collapsible, Divider, InlineStack, Text, Thumbnail } from "@shopify/polaris";
import { useState } from "react";
import { formatMoney } from "../format";
import type { ActionResult } from "../forms/form-input";
import { useResultToast } from "../forms/use-result-toast";
import type { Confirmation } from "./ConfirmDialog";
import { FieldDiff } from "./FieldDiff";
import type { ItemRow } from "./job-page.server";
import { itemStatusLabel } from "./labels";

function numericId(gid: string): string {
  return gid.split("/").pop() ?? gid;
}

interface Props {
  item: ItemRow;
  currency: string;
  open: boolean;
  onToggle(): void;
  onConfirm(confirmation: Confirmation): void;
}

export function ItemResult({ item, currency, open, onToggle, onConfirm }: Props) {
  const fetcher = useFetcher<ActionResult>();
  useResultToast(fetcher.data);
  const status = itemStatusLabel(item.status);
  const changed = item.fields.filter((f) => f.decision !== "none");
  const waiting = item.fields.filter((f) => f.decision === "pending").length;
  const flagged = item.fields.filter((f) => f.flags.some((flag) => flag.severity !== "info")).length;
  const busy = fetcher.state !== "idle";
  const decideItem = (decision: "approved" | "rejected") =>
    fetcher.submit(
      {
        intent: decision === "approved" ? "approve-item" : "reject-item",
        itemId: item.id,
      },
      { method: "post" }
    );

  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" gap="300" wrap={false}>
          <InlineStack gap="300" blockAlign="center" wrap={false}>
            {item.imageUrl ? (
              <Thumbnail source={item.imageUrl} alt="" size="small" />
            ) : (
              <Box background="bg-surface-secondary" borderRadius="200" minWidth="40px" minHeight="40px" />
            )}
            <BlockStack gap="050">
              <Text as="h3" variant="headingSm">
                {item.productTitle}
              </Text>
              <InlineStack gap="200" blockAlign="center">
                <Badge tone={status.tone}>{status.label}</Badge>
                {changed.length ? (
                  <Text as="span" tone="subdued" variant="bodySm">
                    {changed.length} {changed.length === 1 ? "change" : "changes"}
                    {waiting ? ` · ${waiting} to decide` : ""}
                    {flagged ? ` · ${flagged} flagged` : ""}
                  </Text>
                ) : null}
                {item.cost !== null ? (
                  <Text as="span" tone="subdued" variant="bodySm">
                    {formatMoney(item.cost, currency)}
                  </Text>
                ) : null}
              </InlineStack>
            </BlockStack>
          </InlineStack>
          <InlineStack gap="200" wrap={false}>
            {item.decidable && waiting ? (
              <>
                <Button
                  onClick={() => decideItem("approved")}
                  loading={busy}
                  accessibilityLabel={`Approve all changes for ${item.productTitle}`}
                >
                  Approve all
                </Button>
                <Button
                  onClick={() => decideItem("rejected")}
                  disabled={busy}
                  accessibilityLabel={`Reject all changes for ${item.productTitle}`}
                >
                  Reject all
                </Button>
              </>
            ) : null}
            {item.revertable ? (
              <Button
                tone="critical"
                variant="secondary"
                accessibilityLabel={`Revert ${item.productTitle}`}
                onClick={() =>
                  onConfirm({
                    title: "Revert this product?",
                    message: `The original values of ${item.productTitle} that this job replaced are written back to Shopify. If the product was edited in Shopify since, it is left as it is.`,
                    confirmLabel: "Revert product",
                    tone: "critical",
                    form: { intent: "revert-item", itemId: item.id },
                  })
                }
              >
                Revert
              </Button>
            ) : null}
            {item.fields.length ? (
              <Button
                variant="tertiary"
                onClick={onToggle}
                disclosure={open ? "up" : "down"}
                accessibilityLabel={`${open ? "Hide" : "Show"} changes for ${item.productTitle}`}
              >
                {open ? "Hide changes" : "Show changes"}
              </Button>
            ) : null}
          </InlineStack>
        </InlineStack>
        {item.error ? (
          <Banner tone={item.status === "failed" ? "critical" : "warning"}>
            <p>{item.error}</p>
          </Banner>
        ) : null}
        {item.errors.length ? (
          <Banner tone="warning" title="Parts of the provider's answer were unusable">
            <p>{item.errors.map((e) => e.message).join(" ")}</p>
          </Banner>
        ) : null}
        <Collapsible id={`item-${item.id}`} open={open}>
          <BlockStack gap="400">
            <Divider />
            {item.fields.map((row, index) => (
              <BlockStack gap="400" key={row.field}>
                {index > 0 ? <Divider /> : null}
                <FieldDiff itemId={item.id} row={row} productTitle={item.productTitle} itemStatus={item.status} />
              </BlockStack>
            ))}
            {item.model ? (
              <Text as="p" tone="subdued" variant="bodySm">
                Generated by {item.model} ({item.providerName ?? item.provider}
                ).{" "}
                <a href={`shopify://admin/products/${numericId(item.productId)}`} target="_top">
                  Open the product in Shopify
                </a>
              </Text>
            ) : null}
          </BlockStack>
        </Collapsible>
      </BlockStack>
    </Card>
  );
}

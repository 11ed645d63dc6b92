// The estimate a merchant sees before anything is spent: products, tokens, the model and its
// price source, the estimated cost, and the budget check — then Start (or not, over a cap).
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineGrid, InlineStack, Text } from "@shopify/polaris";
import type { JobEstimateDoc } from "../../jobs/job-types";
import { formatCount, formatMoney } from "../format";
import type { ActionResult } from "../forms/form-input";
import { useResultToast } from "../forms/use-result-toast";

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <BlockStack gap="100">
      <Text as="p" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingLg">
        {value}
      </Text>
    </BlockStack>
  );
}

export function EstimateCard({ estimate, providerName, onDiscard }: { estimate: JobEstimateDoc; providerName: string; onDiscard(): void }) {
  const fetcher = useFetcher<ActionResult>();
  useResultToast(fetcher.data);
  const busy = fetcher.state !== "idle";
  const input = estimate.usage.inputTokens;
  const cost = estimate.cost !== null ? formatMoney(estimate.cost, estimate.currency) : "No price known";
  const perProduct =
    estimate.cost !== null && estimate.itemCount > 0 ? formatMoney(Number(estimate.cost) / estimate.itemCount, estimate.currency) : null;
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Estimated cost
        </Text>
        <InlineGrid columns={{ xs: 1, sm: 3 }} gap="300">
          <Figure label="Products" value={formatCount(estimate.itemCount)} />
          <Figure label="Estimated cost" value={cost} />
          <Figure label="Per product" value={perProduct ?? "–"} />
        </InlineGrid>
        <Text as="p" tone="subdued">
          {estimate.model} ({providerName}): about {formatCount(input.total)} input tokens
          {input.cacheRead ? ` (${formatCount(input.cacheRead)} from the provider's prompt cache)` : ""} and{" "}
          {formatCount(estimate.usage.outputTokens)} output tokens, counted with the model's tokenizer on your products. Prices:{" "}
          {estimate.priceSource}. You are billed by your provider, on your own key.
        </Text>
        {estimate.budget.ok ? (
          <Banner tone="success" title="Within your budget">
            <p>Starting this job does not cross any monthly cap you set.</p>
          </Banner>
        ) : (
          <Banner tone="critical" title="Over your budget">
            <p>
              {estimate.budget.message ?? "This job would cross a monthly cap."} Raise the cap on the Usage page, or choose fewer products.
            </p>
          </Banner>
        )}
        {estimate.cost === null ? (
          <Banner tone="warning" title="No price for this model">
            <p>The cost cannot be estimated or capped. Add the model's price on the Usage page to see it here.</p>
          </Banner>
        ) : null}
        <InlineStack gap="200" blockAlign="center">
          <Button
            variant="primary"
            loading={busy}
            disabled={!estimate.budget.ok}
            onClick={() => fetcher.submit({ intent: "start" }, { method: "post" })}
          >
            Start enrichment
          </Button>
          <Button variant="tertiary" tone="critical" onClick={onDiscard} disabled={busy}>
            Discard
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

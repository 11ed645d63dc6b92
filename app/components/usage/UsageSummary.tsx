// The period's totals and the breakdowns by provider/model and by kind of work.
import { BlockStack, Card, DataTable, InlineGrid, Text } from "@shopify/polaris";
import type { UsageBucket } from "../../ledger/report.server";
import { contextLabel } from "../../ledger/contexts";
import { formatAmounts, formatCount } from "../format";
import { providerName } from "../providers/provider-choices";

function Metric({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="bodySm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingLg">
          {value}
        </Text>
        {detail ? (
          <Text as="p" variant="bodySm" tone="subdued">
            {detail}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}

export function UsageTotals({ totals }: { totals: UsageBucket }) {
  return (
    <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
      <Metric
        label="Spend"
        value={formatAmounts(totals.cost)}
        detail={totals.unpricedCalls ? `${formatCount(totals.unpricedCalls)} calls without a price` : "At your providers' prices"}
      />
      <Metric
        label="Provider calls"
        value={formatCount(totals.calls)}
        detail={totals.failedCalls ? `${formatCount(totals.failedCalls)} failed` : "None failed"}
      />
      <Metric
        label="Input tokens"
        value={formatCount(totals.inputTokens)}
        detail={`${formatCount(totals.cachedInputTokens)} from cache`}
      />
      <Metric
        label={totals.characters ? "Output tokens · characters" : "Output tokens"}
        value={
          totals.characters
            ? `${formatCount(totals.outputTokens)} · ${formatCount(totals.characters)}`
            : formatCount(totals.outputTokens)
        }
        detail={totals.characters ? "Characters: DeepL bills these" : undefined}
      />
    </InlineGrid>
  );
}

type ModelRow = { provider: string; model: string } & UsageBucket;
type ContextRow = { context: string } & UsageBucket;

export function SpendByModel({ rows }: { rows: ModelRow[] }) {
  // Characters are DeepL's unit; the column shows only when some were billed.
  const characters = rows.some((r) => r.characters > 0);
  const headings = [
    "Provider",
    "Model",
    "Calls",
    "Input tokens",
    "Cached input",
    "Output tokens",
    ...(characters ? ["Characters"] : []),
    "Cost",
  ];
  return (
    <Card padding="0">
      <BlockStack>
        <div style={{ padding: "var(--p-space-400) var(--p-space-400) 0" }}>
          <Text as="h2" variant="headingMd">
            By provider and model
          </Text>
        </div>
        <DataTable
          columnContentTypes={["text", "text", ...headings.slice(2).map(() => "numeric" as const)]}
          headings={headings}
          rows={rows.map((r) => [
            providerName(r.provider),
            r.model,
            formatCount(r.calls),
            formatCount(r.inputTokens),
            formatCount(r.cachedInputTokens),
            formatCount(r.outputTokens),
            ...(characters ? [formatCount(r.characters)] : []),
            r.unpricedCalls ? `${formatAmounts(r.cost)} (${r.unpricedCalls} unpriced)` : formatAmounts(r.cost),
          ])}
        />
      </BlockStack>
    </Card>
  );
}

export function SpendByContext({ rows }: { rows: ContextRow[] }) {
  return (
    <Card padding="0">
      <BlockStack>
        <div style={{ padding: "var(--p-space-400) var(--p-space-400) 0" }}>
          <Text as="h2" variant="headingMd">
            By kind of work
          </Text>
        </div>
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric"]}
          headings={["Kind of work", "Calls", "Failed", "Cost"]}
          rows={rows.map((r) => {
            const label = contextLabel(r.context);
            return [
              label.charAt(0).toUpperCase() + label.slice(1),
              formatCount(r.calls),
              formatCount(r.failedCalls),
              formatAmounts(r.cost),
            ];
          })}
        />
      </BlockStack>
    </Card>
  );
}

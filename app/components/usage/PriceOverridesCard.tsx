// The shop's own prices (negotiated rates, custom endpoints): they win over the list-price
// table for every cost computed from then on. Prices are per 1M tokens (or characters).
import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, DataTable, Divider, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { Prices } from "../../pricing/price-table";
import type { ActionResult } from "../forms/form-input";
import { useResultToast } from "../forms/use-result-toast";
import { formatDate } from "../format";
import { providerName, providerSelectGroups } from "../providers/provider-choices";

export interface PriceOverrideRow {
  id: string;
  provider: string;
  model: string;
  prices: Prices;
  note: string;
  updatedAt: string;
}

export const PRICE_FIELDS = [
  { name: "input", label: "Input" },
  { name: "cachedInput", label: "Cached input" },
  { name: "output", label: "Output" },
  { name: "batchInput", label: "Batch input" },
  { name: "batchOutput", label: "Batch output" },
  { name: "characters", label: "Characters" },
] as const;

function priceSummary(prices: Prices): string {
  return PRICE_FIELDS.filter((f) => prices[f.name] !== undefined)
    .map((f) => `${f.label} ${prices[f.name]}`)
    .join(" · ");
}

function RemoveButton({ row }: { row: PriceOverrideRow }) {
  const fetcher = useFetcher<ActionResult>();
  useResultToast(fetcher.data);
  return (
    <Button
      variant="plain"
      tone="critical"
      loading={fetcher.state !== "idle"}
      accessibilityLabel={`Remove your price for ${row.model}`}
      onClick={() => fetcher.submit({ intent: "removePrice", id: row.id }, { method: "post" })}
    >
      Remove
    </Button>
  );
}

const emptyPrices = (): Record<string, string> => Object.fromEntries(PRICE_FIELDS.map((f) => [f.name, ""]));

export function PriceOverridesCard({ overrides }: { overrides: PriceOverrideRow[] }) {
  const fetcher = useFetcher<ActionResult>();
  const [provider, setProvider] = useState("openai");
  const [model, setModel] = useState("");
  const [currency, setCurrency] = useState("USD");
  const [prices, setPrices] = useState(emptyPrices);
  const [note, setNote] = useState("");
  const errors = fetcher.data && !fetcher.data.ok ? fetcher.data.fieldErrors ?? {} : {};
  useResultToast(fetcher.data, (r) => {
    if (r.ok) {
      setModel("");
      setPrices(emptyPrices());
      setNote("");
    }
  });
  const deepl = provider === "deepl";
  const shown = PRICE_FIELDS.filter((f) => (deepl ? f.name === "characters" : f.name !== "characters"));

  return (
    <Card>
      <BlockStack gap="400">
        {overrides.length ? (
          <DataTable
            columnContentTypes={["text", "text", "text", "text", "text"]}
            headings={["Provider", "Model", "Price per 1M", "Since", ""]}
            rows={overrides.map((o) => [
              providerName(o.provider),
              o.model === "*" ? "All models" : o.model,
              `${priceSummary(o.prices)} ${o.prices.currency}${o.note ? ` — ${o.note}` : ""}`,
              formatDate(o.updatedAt),
              <RemoveButton key={o.id} row={o} />,
            ])}
          />
        ) : (
          <Text as="p" tone="subdued">
            Costs use list prices. If you pay another price, add it here and new costs will use it.
          </Text>
        )}
        <Divider />
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value="setPrice" />
          <FormLayout>
            <FormLayout.Group condensed>
              <Select
                label="Provider"
                name="provider"
                options={providerSelectGroups()}
                value={provider}
                onChange={setProvider}
                error={errors.provider}
              />
              <TextField
                label="Model"
                name="model"
                value={model}
                onChange={setModel}
                autoComplete="off"
                placeholder={deepl ? "deepl" : "gpt-4o-mini, or * for all"}
                error={errors.model}
              />
              <TextField
                label="Currency"
                name="currency"
                value={currency}
                onChange={(v) => setCurrency(v.toUpperCase())}
                autoComplete="off"
                maxLength={3}
                error={errors.currency}
              />
            </FormLayout.Group>
            {[shown.slice(0, 3), shown.slice(3)]
              .filter((group) => group.length)
              .map((group) => (
                <FormLayout.Group key={group[0].name} condensed>
                  {group.map((f) => (
                    <TextField
                      key={f.name}
                      label={`${f.label} per 1M`}
                      name={f.name}
                      value={prices[f.name]}
                      onChange={(v) => setPrices((p) => ({ ...p, [f.name]: v }))}
                      autoComplete="off"
                      inputMode="decimal"
                      error={errors[f.name]}
                    />
                  ))}
                  {group.length < 3 ? <div /> : null}
                </FormLayout.Group>
              ))}
            {errors.prices ? (
              <Text as="p" tone="critical">
                {errors.prices}
              </Text>
            ) : null}
            <TextField
              label="Note"
              name="note"
              value={note}
              onChange={setNote}
              autoComplete="off"
              placeholder="e.g. Enterprise agreement 2026"
              error={errors.note}
            />
            <InlineStack align="end">
              <Button submit loading={fetcher.state !== "idle"}>
                Save price
              </Button>
            </InlineStack>
          </FormLayout>
        </fetcher.Form>
      </BlockStack>
    </Card>
  );
}

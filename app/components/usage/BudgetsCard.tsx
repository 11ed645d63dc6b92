// Monthly spending caps for the whole shop or one kind of work: this month's spend against
// each cap, and a form to set (or replace) one. Work that would cross a cap stops before the call.
import { useFetcher } from "@remix-run/react";
import {
  BlockStack,
  Button,
  Card,
  Divider,
  FormLayout,
  InlineStack,
  ProgressBar,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { contextLabel, WORK_CONTEXTS } from "../../ledger/contexts";
import type { ActionResult } from "../forms/form-input";
import { useResultToast } from "../forms/use-result-toast";
import { formatMoney } from "../format";

export interface BudgetRow {
  id: string;
  context: string | null;
  monthlyCap: string;
  currency: string;
  /** Spent this calendar month (UTC), in the cap's currency. */
  spent: string;
}

const SHOP_SCOPE = "shop";

function scopeName(context: string | null): string {
  if (!context) return "Whole shop";
  const label = contextLabel(context);
  return label.charAt(0).toUpperCase() + label.slice(1);
}

function BudgetItem({ budget }: { budget: BudgetRow }) {
  const remove = useFetcher<ActionResult>();
  useResultToast(remove.data);
  const cap = Number(budget.monthlyCap);
  const spent = Number(budget.spent);
  const share = cap > 0 ? Math.min(100, (spent / cap) * 100) : 100;
  return (
    <li>
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h3" variant="bodyMd" fontWeight="semibold">
            {scopeName(budget.context)}
          </Text>
          <Button
            variant="plain"
            tone="critical"
            loading={remove.state !== "idle"}
            accessibilityLabel={`Remove the ${scopeName(budget.context)} budget`}
            onClick={() => remove.submit({ intent: "removeBudget", id: budget.id }, { method: "post" })}
          >
            Remove
          </Button>
        </InlineStack>
        <ProgressBar progress={share} size="small" tone={share >= 100 ? "critical" : "highlight"} />
        <Text as="p" variant="bodySm" tone="subdued">
          {formatMoney(budget.spent, budget.currency)} of {formatMoney(budget.monthlyCap, budget.currency)} spent this month (UTC)
        </Text>
      </BlockStack>
    </li>
  );
}

export function BudgetsCard({ budgets }: { budgets: BudgetRow[] }) {
  const fetcher = useFetcher<ActionResult>();
  const [scope, setScope] = useState(SHOP_SCOPE);
  const [cap, setCap] = useState("");
  const [currency, setCurrency] = useState("USD");
  const errors = fetcher.data && !fetcher.data.ok ? fetcher.data.fieldErrors ?? {} : {};
  useResultToast(fetcher.data, (r) => r.ok && setCap(""));

  return (
    <Card>
      <BlockStack gap="400">
        {budgets.length ? (
          <ul
            aria-label="Budgets"
            style={{ listStyle: "none", margin: 0, padding: 0, display: "grid", gap: "var(--p-space-400)" }}
          >
            {budgets.map((b) => (
              <BudgetItem key={b.id} budget={b} />
            ))}
          </ul>
        ) : (
          <Text as="p" tone="subdued">
            No budget yet: nothing stops spending but your provider's own limits.
          </Text>
        )}
        <Divider />
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value="setBudget" />
          <FormLayout>
            <FormLayout.Group condensed>
              <Select
                label="Applies to"
                name="scope"
                value={scope}
                onChange={setScope}
                options={[
                  { label: "Whole shop", value: SHOP_SCOPE },
                  ...WORK_CONTEXTS.map((c) => ({ label: scopeName(c.id), value: c.id })),
                ]}
                error={errors.scope}
              />
              <TextField
                label="Monthly cap"
                name="monthlyCap"
                value={cap}
                onChange={setCap}
                autoComplete="off"
                inputMode="decimal"
                placeholder="25.00"
                error={errors.monthlyCap}
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
            <InlineStack align="end">
              <Button submit loading={fetcher.state !== "idle"}>
                Set budget
              </Button>
            </InlineStack>
          </FormLayout>
        </fetcher.Form>
      </BlockStack>
    </Card>
  );
}

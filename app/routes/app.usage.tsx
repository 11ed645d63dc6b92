// Usage: what the shop's provider calls cost, per day, per provider/model and per kind of work,
// for a date range — with the CSV export, monthly budgets and the shop's own prices.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Card, EmptyState, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { BudgetInputError, listBudgets, monthSpend, removeBudget, setBudget } from "../budget/budgets.server";
import { fieldErrorsOf, formValues, type ActionResult } from "../components/forms/form-input";
import { CHART_ILLUSTRATION } from "../components/illustrations";
import { BudgetsCard } from "../components/usage/BudgetsCard";
import { ExportCsvButton } from "../components/usage/ExportCsvButton";
import { PRICE_FIELDS, PriceOverridesCard } from "../components/usage/PriceOverridesCard";
import { SpendChart } from "../components/usage/SpendChart";
import { rangeFromSearch, rangeSearch } from "../components/usage/usage-range";
import { UsageRangePicker } from "../components/usage/UsageRangePicker";
import { SpendByContext, SpendByModel, UsageTotals } from "../components/usage/UsageSummary";
import { isWorkContext } from "../ledger/contexts";
import { usageReport } from "../ledger/report.server";
import { deletePriceOverride, listPriceOverrides, PriceOverrideInputError, setPriceOverride } from "../pricing/prices.server";
import { isProviderId } from "../providers/registry";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const { range, error } = rangeFromSearch(new URL(request.url).searchParams);
  const [report, budgets, overrides] = await Promise.all([
    usageReport({ shop, from: range.from, to: range.to }),
    listBudgets(shop).then((list) =>
      Promise.all(
        list.map(async (b) => ({
          ...b,
          spent: (await monthSpend({ shop, context: b.context, currency: b.currency })).toFixed(),
        })),
      ),
    ),
    listPriceOverrides(shop),
  ]);
  return json({
    range: { preset: range.preset, fromDay: range.fromDay, toDay: range.toDay },
    rangeError: error ?? null,
    totals: report.totals,
    byDay: report.byDay,
    byProviderModel: report.byProviderModel,
    byContext: report.byContext,
    budgets,
    overrides: overrides.map((o) => ({ ...o, updatedAt: o.updatedAt.toISOString() })),
  });
};

// ---------------------------------------------------------------------------------------------
// Input

const id = z.string().trim().min(1).max(200);
const price = z
  .string()
  .trim()
  .regex(/^(\d+(\.\d+)?)?$/, "Enter a price like 0.15 (per 1M), or leave empty.")
  .optional();

const actionInput = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("setBudget"),
    scope: z.string().refine((s) => s === "shop" || isWorkContext(s), "Choose the whole shop or a kind of work."),
    monthlyCap: z.string().trim().min(1, "Enter the monthly cap, e.g. 25."),
    currency: z.string().trim().default("USD"),
  }),
  z.object({ intent: z.literal("removeBudget"), id }),
  z.object({
    intent: z.literal("setPrice"),
    provider: z.string().refine(isProviderId, "Choose a provider."),
    model: z.string().trim().min(1, "Enter the model id, or * for all of the provider's models."),
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, "Use a 3-letter currency code such as USD."),
    input: price,
    cachedInput: price,
    output: price,
    batchInput: price,
    batchOutput: price,
    characters: price,
    note: z.string().trim().max(500, "Keep the note under 500 characters.").default(""),
  }),
  z.object({ intent: z.literal("removePrice"), id }),
]);

const answer = (result: ActionResult, status = 200) => json<ActionResult>(result, { status });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const values = formValues(await request.formData());
  const intent = values.intent ?? "";
  const parsed = actionInput.safeParse(values);
  if (!parsed.success) {
    return answer({ ok: false, intent, message: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) }, 400);
  }
  const input = parsed.data;
  try {
    switch (input.intent) {
      case "setBudget": {
        const budget = await setBudget({
          shop,
          context: input.scope === "shop" ? null : input.scope,
          monthlyCap: input.monthlyCap,
          currency: input.currency,
        });
        return answer({ ok: true, intent, id: budget.id, message: "Budget saved" });
      }
      case "removeBudget": {
        if (!(await removeBudget(shop, input.id)))
          return answer({ ok: false, intent, message: "This budget no longer exists." }, 404);
        return answer({ ok: true, intent, id: input.id, message: "Budget removed" });
      }
      case "setPrice": {
        const prices: Record<string, string> = { currency: input.currency };
        for (const f of PRICE_FIELDS) if (input[f.name]) prices[f.name] = input[f.name]!;
        const override = await setPriceOverride({ shop, provider: input.provider, model: input.model, prices, note: input.note });
        return answer({
          ok: true,
          intent,
          id: override.id,
          message: `Your price for ${override.model} is saved; new costs use it.`,
        });
      }
      case "removePrice": {
        if (!(await deletePriceOverride(shop, input.id)))
          return answer({ ok: false, intent, message: "This price no longer exists." }, 404);
        return answer({ ok: true, intent, id: input.id, message: "Price removed; new costs use the list price." });
      }
    }
  } catch (error) {
    if (error instanceof BudgetInputError) {
      const field = error.field === "context" ? "scope" : error.field;
      return answer({ ok: false, intent, message: error.message, fieldErrors: { [field]: error.message } }, 400);
    }
    if (error instanceof PriceOverrideInputError) {
      return answer({ ok: false, intent, message: error.message, fieldErrors: { [error.field]: error.message } }, 400);
    }
    throw error;
  }
};

// ---------------------------------------------------------------------------------------------
// Page

/** The currency with the most spend (the chart's); USD when nothing was spent. */
function mainCurrency(cost: Record<string, string>): string {
  return Object.entries(cost).sort(([, a], [, b]) => Number(b) - Number(a))[0]?.[0] ?? "USD";
}

export default function UsagePage() {
  const data = useLoaderData<typeof loader>();
  const { range, totals } = data;
  const main = mainCurrency(totals.cost);
  // One chart per currency (DeepL bills in EUR, most others in USD), the largest first.
  const currencies = [
    main,
    ...Object.keys(totals.cost)
      .filter((c) => c !== main)
      .sort(),
  ];
  const search = rangeSearch(range).toString();

  return (
    <Page>
      <TitleBar title="Usage" />
      <Layout>
        <Layout.Section>
          <InlineStack align="space-between" blockAlign="end" gap="400">
            <UsageRangePicker key={search} preset={range.preset} fromDay={range.fromDay} toDay={range.toDay} />
            <ExportCsvButton href={`/app/usage/csv?${search}`} filename={`usage-${range.fromDay}-to-${range.toDay}.csv`} />
          </InlineStack>
        </Layout.Section>
        {data.rangeError ? (
          <Layout.Section>
            <Banner tone="warning" title="Showing the last 30 days instead">
              <p>{data.rangeError}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {totals.unpricedCalls ? (
          <Layout.Section>
            <Banner tone="warning" title={`${totals.unpricedCalls} calls have no known price`}>
              <p>Their cost is not in these totals. Add the price you pay under “Your prices” below; new calls will use it.</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <UsageTotals totals={totals} />
        </Layout.Section>
        <Layout.Section>
          <Card>
            {totals.calls === 0 ? (
              <EmptyState heading="No usage in these days" image={CHART_ILLUSTRATION}>
                <p>
                  Costs appear here after your first enrichment. Assign a provider on the Assignments page, then select products
                  and choose “Enrich” from the product list.
                </p>
              </EmptyState>
            ) : (
              <BlockStack gap="400">
                <Text as="h2" variant="headingMd">
                  Spend by day
                </Text>
                {currencies.map((currency) => (
                  <SpendChart
                    key={currency}
                    currency={currency}
                    days={data.byDay.map((d) => ({ day: d.day, amount: Number(d.cost[currency] ?? 0), calls: d.calls }))}
                  />
                ))}
              </BlockStack>
            )}
          </Card>
        </Layout.Section>
        {totals.calls > 0 ? (
          <>
            <Layout.Section>
              <SpendByModel rows={data.byProviderModel} />
            </Layout.Section>
            <Layout.Section>
              <SpendByContext rows={data.byContext} />
            </Layout.Section>
          </>
        ) : null}
        <Layout.AnnotatedSection
          id="budgets"
          title="Monthly budgets"
          description="A cap for the whole shop or one kind of work. Work that would go over a cap stops before the call that would cross it."
        >
          <BudgetsCard budgets={data.budgets} />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          id="prices"
          title="Your prices"
          description="Negotiated rates or a custom endpoint's price, per 1M tokens (DeepL: per 1M characters). They replace list prices for new costs."
        >
          <PriceOverridesCard overrides={data.overrides} />
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}

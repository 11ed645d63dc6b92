// Assignments: for each kind of work, the provider key + model that does it, an optional
// fallback, and which product fields may be sent. Without a choice, a sensible default from the
// shop's keys applies (shown as such).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Card, EmptyState, Layout, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { AssignmentError, clearAssignment, listAssignments, setAssignment } from "../assignments/assignments.server";
import { DEFAULT_DATA_SCOPES, defaultModelFor, providerFits, type WorkContext } from "../assignments/context-rules";
import { AssignmentCard, type AssignmentCardData } from "../components/assignments/AssignmentCard";
import { useModelCatalog } from "../components/assignments/use-model-catalog";
import { fieldErrorsOf, formValues, type ActionResult } from "../components/forms/form-input";
import { ASSIGN_ILLUSTRATION } from "../components/illustrations";
import { contextLabel } from "../ledger/contexts";
import { authenticate } from "../shopify.server";
import { listProviderKeys } from "../vault/provider-keys.server";

const CONTEXT_DESCRIPTIONS: Record<WorkContext, string> = {
  enrichment: "Titles, descriptions, SEO fields, attributes and tags for the products you enrich in bulk or automatically.",
  copilot: "Suggestions while you edit one product.",
  translation: "Product content in your shop's other languages. DeepL, or any text model.",
  vision: "Image alt text and tags from product photos. Needs a model that reads images.",
  compliance: "Facts such as materials, care and safety warnings extracted into metafields.",
  confidential: "Work that must stay on your own servers: only self-hosted models (Ollama, LM Studio, your own endpoint).",
};

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const [views, keys] = await Promise.all([listAssignments(shop), listProviderKeys(shop)]);
  const cards: AssignmentCardData[] = views.map((view) => {
    const fitting = keys.filter((k) => providerFits(view.context, k.provider));
    const resolved = view.resolved;
    return {
      context: view.context,
      label: view.label,
      description: CONTEXT_DESCRIPTIONS[view.context],
      resolved: resolved
        ? { primary: resolved.primary, fallback: resolved.fallback, dataScope: [...resolved.dataScope], source: resolved.source }
        : null,
      error: view.error,
      keys: fitting.map((k) => ({ id: k.id, label: k.label, provider: k.provider, lastTestOk: k.lastTestOk })),
      defaultModels: Object.fromEntries(fitting.map((k) => [k.id, defaultModelFor(view.context, k.provider, k.settings)])),
      defaultScope: [...DEFAULT_DATA_SCOPES[view.context]],
    };
  });
  return json({ cards, hasKeys: keys.length > 0 });
};

// ---------------------------------------------------------------------------------------------
// Input

const context = z.string().trim().min(1).max(64);
const optionalId = z.string().trim().max(200).default("");

const actionInput = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("save"),
    context,
    providerKeyId: z.string().trim().min(1, "Choose a provider key.").max(200),
    model: z.string().trim().max(200, "Model ids are shorter than 200 characters.").default(""),
    fallbackProviderKeyId: optionalId,
    fallbackModel: z.string().trim().max(200, "Model ids are shorter than 200 characters.").default(""),
    dataScope: z.array(z.string().max(64)).max(32),
  }),
  z.object({ intent: z.literal("reset"), context }),
]);

const answer = (result: ActionResult, status = 200) => json<ActionResult>(result, { status });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const form = await request.formData();
  const values = formValues(form);
  const intent = values.intent ?? "";
  const parsed = actionInput.safeParse({ ...values, dataScope: form.getAll("dataScope").filter((v) => typeof v === "string") });
  if (!parsed.success) {
    return answer({ ok: false, intent, message: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) }, 400);
  }
  const input = parsed.data;
  try {
    if (input.intent === "reset") {
      await clearAssignment(shop, input.context);
      return answer({ ok: true, intent, message: `${capitalize(contextLabel(input.context))}: back to the default.` });
    }
    const resolved = await setAssignment({
      shop,
      context: input.context,
      providerKeyId: input.providerKeyId,
      model: input.model || null,
      fallbackProviderKeyId: input.fallbackProviderKeyId || null,
      fallbackModel: input.fallbackModel || null,
      dataScope: input.dataScope,
    });
    return answer({
      ok: true,
      intent,
      message: `${capitalize(contextLabel(resolved.context))}: ${resolved.primary.label} · ${resolved.primary.model} saved.`,
    });
  } catch (error) {
    if (error instanceof AssignmentError) {
      return answer({ ok: false, intent, message: error.message, fieldErrors: { [error.field ?? "form"]: error.message } }, 400);
    }
    throw error;
  }
};

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// ---------------------------------------------------------------------------------------------
// Page

export default function AssignmentsPage() {
  const { cards, hasKeys } = useLoaderData<typeof loader>();
  const catalog = useModelCatalog();

  return (
    <Page>
      <TitleBar title="Assignments" />
      <Layout>
        {hasKeys ? (
          <>
            <Layout.Section>
              <Text as="p" tone="subdued">
                Choose which of your keys and models does each kind of work. A fallback takes over when the first one fails. Only
                the product fields you tick are ever sent; prices and costs never are.
              </Text>
            </Layout.Section>
            {cards.map((card) => (
              <Layout.Section key={card.context}>
                <AssignmentCard data={card} models={catalog.lists} requestModels={catalog.request} />
              </Layout.Section>
            ))}
          </>
        ) : (
          <Layout.Section>
            <Card>
              <EmptyState
                heading="Add a provider key first"
                action={{ content: "Go to Providers", url: "/app/providers" }}
                image={ASSIGN_ILLUSTRATION}
              >
                <p>Each kind of work — enrichment, translation, image alt text — runs on one of your own AI provider keys.</p>
              </EmptyState>
            </Card>
          </Layout.Section>
        )}
      </Layout>
    </Page>
  );
}

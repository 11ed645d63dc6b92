// Providers: the shop's AI provider keys — add (guided by provider), test, rename, replace,
// delete. The browser only ever receives the vault's safe summaries: never a key, never its
// ciphertext.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, Layout, Link, Page, Text } from "@shopify/polaris";
import { useCallback, useRef, useState } from "react";
import { z } from "zod";
import { fieldErrorsOf, formValues, prefixedValues, type ActionResult } from "../components/forms/form-input";
import { AddProviderKeyForm, AddProviderKeyIntro } from "../components/providers/AddProviderKeyForm";
import { NoProviderKeys } from "../components/providers/NoProviderKeys";
import { asksForKey, BASE_URL_SETTING, settingFields } from "../components/providers/provider-choices";
import { ProviderKeyDialogs } from "../components/providers/ProviderKeyDialogs";
import { ProviderKeyList, type KeyDialog } from "../components/providers/ProviderKeyList";
import type { ProviderKeyRow } from "../components/providers/types";
import { privateProviderUrlsAllowed } from "../providers/base-url-guard.server";
import { getProviderDefinition } from "../providers/registry";
import { testStoredProviderKey } from "../providers/stored-key.server";
import { authenticate } from "../shopify.server";
import {
  deleteProviderKey,
  listProviderKeys,
  ProviderKeyInputError,
  ProviderKeyNotFoundError,
  renameProviderKey,
  rotateProviderKey,
  storeProviderKey,
  type ProviderKeySummary,
} from "../vault/provider-keys.server";

/** Only what the page shows; anything else the summary may grow stays on the server. */
function toRow(key: ProviderKeySummary): ProviderKeyRow {
  return {
    id: key.id,
    provider: key.provider,
    label: key.label,
    last4: key.last4,
    baseUrl: key.baseUrl,
    createdAt: key.createdAt.toISOString(),
    lastTestedAt: key.lastTestedAt ? key.lastTestedAt.toISOString() : null,
    lastTestOk: key.lastTestOk,
    lastTestMessage: key.lastTestMessage,
  };
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const keys = await listProviderKeys(session.shop);
  return json({ keys: keys.map(toRow), privateUrlsAllowed: privateProviderUrlsAllowed() });
};

// ---------------------------------------------------------------------------------------------
// Input

const keyId = z.string().trim().min(1, "Choose a key.").max(200);

const addInput = z
  .object({
    intent: z.literal("add"),
    provider: z.string().trim(),
    label: z.string().default(""),
    apiKey: z.string().default(""),
    baseUrl: z.string().trim().default(""),
    settings: z.record(z.string(), z.string().trim().max(500)),
  })
  .superRefine((input, ctx) => {
    const definition = getProviderDefinition(input.provider);
    if (!definition) {
      ctx.addIssue({ code: "custom", path: ["provider"], message: "Choose a provider." });
      return;
    }
    if (definition.keyRequired && !input.apiKey.trim()) {
      ctx.addIssue({
        code: "custom",
        path: ["apiKey"],
        message: `Paste your ${definition.displayName} API key (${definition.keyHint}).`,
      });
    }
    if (definition.baseUrlRequired && !input.baseUrl) {
      const endpoint = definition.settings.find((s) => s.name === BASE_URL_SETTING);
      ctx.addIssue({
        code: "custom",
        path: ["baseUrl"],
        message: endpoint
          ? `Enter the ${endpoint.label.toLowerCase()}, ${endpoint.helpText.replace(/^e\.g\./, "e.g.")}`
          : "Enter the server's base URL, e.g. https://llm.example.com/v1.",
      });
    }
    for (const field of settingFields(definition)) {
      if (field.required && !input.settings[field.name]) {
        ctx.addIssue({ code: "custom", path: ["settings", field.name], message: `${field.label} is required.` });
      }
      if (field.options && input.settings[field.name] && !field.options.includes(input.settings[field.name])) {
        ctx.addIssue({ code: "custom", path: ["settings", field.name], message: `Choose one of: ${field.options.join(", ")}.` });
      }
    }
  });

const actionInput = z.discriminatedUnion("intent", [
  addInput,
  z.object({ intent: z.literal("test"), keyId }),
  z.object({ intent: z.literal("rename"), keyId, label: z.string().default("") }),
  z.object({ intent: z.literal("rotate"), keyId, apiKey: z.string().trim().min(1, "Paste the new key.") }),
  z.object({ intent: z.literal("delete"), keyId }),
]);

function parseAction(values: Record<string, string>) {
  return actionInput.safeParse({ ...values, settings: prefixedValues(values, "setting.") });
}

// ---------------------------------------------------------------------------------------------
// Actions

const answer = (result: ActionResult, status = 200) => json<ActionResult>(result, { status });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const values = formValues(await request.formData());
  const intent = values.intent ?? "";
  const parsed = parseAction(values);
  if (!parsed.success) {
    return answer({ ok: false, intent, message: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) }, 400);
  }
  const input = parsed.data;

  try {
    switch (input.intent) {
      case "add": {
        const definition = getProviderDefinition(input.provider)!;
        const settings = Object.fromEntries(
          settingFields(definition)
            .map((f) => [f.name, input.settings[f.name] ?? ""] as const)
            .filter(([, v]) => v !== ""),
        );
        const key = await storeProviderKey({
          shop,
          provider: definition.id,
          label: input.label,
          apiKey: asksForKey(definition) ? input.apiKey : "",
          baseUrl: input.baseUrl || null,
          settings,
        });
        return answer({ ok: true, intent, id: key.id, message: `${key.label} added. Test it to check that it works.` });
      }
      case "test": {
        const outcome = await testStoredProviderKey(shop, input.keyId);
        return answer({ ok: outcome.ok, intent, id: input.keyId, message: outcome.message, kind: outcome.kind });
      }
      case "rename": {
        const key = await renameProviderKey(shop, input.keyId, input.label);
        return answer({ ok: true, intent, id: key.id, message: `Renamed to ${key.label}.` });
      }
      case "rotate": {
        const key = await rotateProviderKey(shop, input.keyId, input.apiKey);
        return answer({ ok: true, intent, id: key.id, message: `${key.label}: key replaced. Test it to check that it works.` });
      }
      case "delete": {
        const { clearedContexts } = await deleteProviderKey(shop, input.keyId);
        const stopped = clearedContexts.length ? ` Choose another key for: ${clearedContexts.join(", ")}.` : "";
        return answer({ ok: true, intent, id: input.keyId, message: `Provider key deleted.${stopped}` });
      }
    }
  } catch (error) {
    if (error instanceof ProviderKeyInputError) {
      const field = error.field === "settings" ? "settings" : error.field;
      return answer({ ok: false, intent, message: error.message, fieldErrors: { [field]: error.message } }, 400);
    }
    if (error instanceof ProviderKeyNotFoundError) {
      return answer({ ok: false, intent, message: error.message }, 404);
    }
    throw error;
  }
};

// ---------------------------------------------------------------------------------------------
// Page

export default function ProvidersPage() {
  const { keys, privateUrlsAllowed } = useLoaderData<typeof loader>();
  const [dialog, setDialog] = useState<KeyDialog | null>(null);
  const [failure, setFailure] = useState<{ label: string; message: string } | null>(null);
  const formRef = useRef<HTMLDivElement>(null);

  const focusAddForm = useCallback(() => {
    formRef.current?.scrollIntoView({ behavior: "smooth", block: "center" });
    formRef.current?.querySelector("select")?.focus();
  }, []);

  const onTested = useCallback((key: ProviderKeyRow, result: ActionResult) => {
    setFailure(result.ok ? null : { label: key.label, message: result.message });
  }, []);

  return (
    <Page>
      <TitleBar title="Providers" />
      <Layout>
        {failure ? (
          <Layout.Section>
            <Banner tone="critical" title={`Connection test failed: ${failure.label}`} onDismiss={() => setFailure(null)}>
              <p>{failure.message}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          {keys.length ? (
            <ProviderKeyList keys={keys} onDialog={setDialog} onTested={onTested} />
          ) : (
            <NoProviderKeys onAdd={focusAddForm} />
          )}
        </Layout.Section>
        {keys.length ? (
          <Layout.Section>
            <Text as="p" tone="subdued">
              Next: choose which key and model does each kind of work on <Link url="/app/assignments">Assignments</Link>. Costs
              appear under <Link url="/app/usage">Usage</Link>.
            </Text>
          </Layout.Section>
        ) : null}
        <Layout.AnnotatedSection id="add-provider-key" title="Add a provider key" description={<AddProviderKeyIntro />}>
          <AddProviderKeyForm ref={formRef} privateUrlsAllowed={privateUrlsAllowed} />
        </Layout.AnnotatedSection>
      </Layout>
      <ProviderKeyDialogs dialog={dialog} onClose={() => setDialog(null)} />
    </Page>
  );
}

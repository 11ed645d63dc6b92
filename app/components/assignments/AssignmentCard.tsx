// One kind of work: which key and model do it, which key and model take over when that one
// fails, and which product fields may be sent to them.
import { useFetcher } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineError,
  InlineGrid,
  InlineStack,
  Link,
  Select,
  Text,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { PRODUCT_FIELDS } from "../../enrichment/scope";
import type { ActionResult } from "../forms/form-input";
import { useResultToast } from "../forms/use-result-toast";
import { providerName } from "../providers/provider-choices";
import { ModelPicker } from "./ModelPicker";
import type { ModelList } from "./use-model-catalog";

export interface AssignableKey {
  id: string;
  label: string;
  provider: string;
  lastTestOk: boolean | null;
}

export interface AssignedModelView {
  providerKeyId: string;
  provider: string;
  model: string;
  label: string;
}

export interface AssignmentCardData {
  context: string;
  /** "batch enrichment", "translation", … */
  label: string;
  /** What this work is, in a sentence. */
  description: string;
  resolved: {
    primary: AssignedModelView;
    fallback: AssignedModelView | null;
    dataScope: string[];
    source: "assigned" | "default";
  } | null;
  error: string | null;
  /** The shop's keys that can do this work. */
  keys: AssignableKey[];
  /** Key id → the model used when none is chosen (null: the merchant must name one). */
  defaultModels: Record<string, string | null>;
  defaultScope: string[];
}

const FIELD_LABELS: Record<(typeof PRODUCT_FIELDS)[number], string> = {
  title: "Title",
  descriptionHtml: "Description",
  vendor: "Vendor",
  productType: "Product type",
  tags: "Tags",
  options: "Options (e.g. Size, Color)",
  variants: "Variant names",
  metafields: "Metafields",
  images: "Images",
  seo: "SEO title and description",
};

const FIELD_HELP: Partial<Record<(typeof PRODUCT_FIELDS)[number], string>> = {
  vendor: "Often a supplier's name you do not publish.",
  metafields: "May hold internal data such as costs or supplier SKUs.",
};

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function keyOption(key: AssignableKey) {
  const untested = key.lastTestOk === false ? " — last test failed" : "";
  return { label: `${key.label} (${providerName(key.provider)})${untested}`, value: key.id };
}

interface Props {
  data: AssignmentCardData;
  models: Record<string, ModelList>;
  requestModels(keyId: string): void;
}

export function AssignmentCard({ data, models, requestModels }: Props) {
  const fetcher = useFetcher<ActionResult>();
  const reset = useFetcher<ActionResult>();
  const resolved = data.resolved;
  const [keyId, setKeyId] = useState(resolved?.primary.providerKeyId ?? "");
  const [model, setModel] = useState(resolved?.source === "assigned" ? resolved.primary.model : "");
  const [fallbackKeyId, setFallbackKeyId] = useState(resolved?.fallback?.providerKeyId ?? "");
  const [fallbackModel, setFallbackModel] = useState(resolved?.fallback?.model ?? "");
  const [scope, setScope] = useState<string[]>(resolved?.dataScope ?? data.defaultScope);
  const errors = fetcher.data && !fetcher.data.ok ? fetcher.data.fieldErrors ?? {} : {};
  const title = capitalize(data.label);
  useResultToast(fetcher.data);
  useResultToast(reset.data, (r) => {
    if (r.ok) {
      setModel("");
      setFallbackKeyId("");
      setFallbackModel("");
      setScope(data.defaultScope);
    }
  });

  useEffect(() => requestModels(keyId), [keyId, requestModels]);
  useEffect(() => requestModels(fallbackKeyId), [fallbackKeyId, requestModels]);

  const save = () => {
    const form = new FormData();
    form.set("intent", "save");
    form.set("context", data.context);
    form.set("providerKeyId", keyId);
    form.set("model", model);
    form.set("fallbackProviderKeyId", fallbackKeyId);
    form.set("fallbackModel", fallbackKeyId ? fallbackModel : "");
    for (const field of scope) form.append("dataScope", field);
    fetcher.submit(form, { method: "post" });
  };

  const status = !resolved ? (
    <Badge tone="critical">Not set up</Badge>
  ) : resolved.source === "assigned" ? (
    <Badge tone="success">Chosen by you</Badge>
  ) : (
    <Badge tone="info">Default</Badge>
  );

  const headingId = `assignment-${data.context}`;
  return (
    <section aria-labelledby={headingId}>
      <Card>
        <BlockStack gap="400">
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h2" variant="headingMd" id={headingId}>
              {title}
            </Text>
            {status}
          </InlineStack>
          <BlockStack gap="100">
            <Text as="p">{data.description}</Text>
            {resolved ? (
              <Text as="p" tone="subdued">
                Now: {resolved.primary.label} · {resolved.primary.model}
                {resolved.fallback ? `, then ${resolved.fallback.label} · ${resolved.fallback.model} if it fails` : ""}.
              </Text>
            ) : null}
          </BlockStack>
          {data.keys.length === 0 ? (
            <Banner tone="warning">
              <p>
                {data.error ?? "None of your keys can do this work."} <Link url="/app/providers">Add a provider key</Link>
              </p>
            </Banner>
          ) : (
            <FormLayout>
              {errors.form || errors.context ? (
                <Banner tone="critical">
                  <p>{errors.form ?? errors.context}</p>
                </Banner>
              ) : null}
              <FormLayout.Group>
                <Select
                  label="Provider key"
                  options={[{ label: "Choose a key", value: "" }, ...data.keys.map(keyOption)]}
                  value={keyId}
                  onChange={(value) => {
                    setKeyId(value);
                    setModel("");
                  }}
                  error={errors.providerKeyId}
                />
                <ModelPicker
                  label="Model"
                  value={model}
                  onChange={setModel}
                  list={keyId ? models[keyId] : undefined}
                  defaultModel={keyId ? data.defaultModels[keyId] ?? null : null}
                  disabled={!keyId}
                  error={errors.model}
                />
              </FormLayout.Group>
              <FormLayout.Group>
                <Select
                  label="Fallback key (optional)"
                  options={[{ label: "No fallback", value: "" }, ...data.keys.map(keyOption)]}
                  value={fallbackKeyId}
                  onChange={(value) => {
                    setFallbackKeyId(value);
                    setFallbackModel("");
                  }}
                  helpText="Used when the first key fails (provider down, quota used up)."
                  error={errors.fallbackProviderKeyId}
                />
                <ModelPicker
                  label="Fallback model"
                  value={fallbackModel}
                  onChange={setFallbackModel}
                  list={fallbackKeyId ? models[fallbackKeyId] : undefined}
                  defaultModel={fallbackKeyId ? data.defaultModels[fallbackKeyId] ?? null : null}
                  disabled={!fallbackKeyId}
                  error={errors.fallbackModel}
                />
              </FormLayout.Group>
              <fieldset style={{ border: 0, margin: 0, padding: 0 }}>
                <BlockStack gap="200">
                  <legend>
                    <Text as="span" variant="bodyMd">
                      Product fields this provider may see
                    </Text>
                  </legend>
                  <InlineGrid columns={{ xs: 1, sm: 2, md: 3 }} gap="200">
                    {PRODUCT_FIELDS.map((f) => (
                      <Checkbox
                        key={f}
                        label={FIELD_LABELS[f]}
                        helpText={FIELD_HELP[f]}
                        checked={scope.includes(f)}
                        onChange={(checked) => setScope((s) => (checked ? [...s, f] : s.filter((x) => x !== f)))}
                      />
                    ))}
                  </InlineGrid>
                  {errors.dataScope ? <InlineError message={errors.dataScope} fieldID={`${headingId}-scope`} /> : null}
                </BlockStack>
              </fieldset>
              <InlineStack align="end" gap="200">
                {resolved?.source === "assigned" ? (
                  <Button
                    loading={reset.state !== "idle"}
                    onClick={() => reset.submit({ intent: "reset", context: data.context }, { method: "post" })}
                  >
                    Use default
                  </Button>
                ) : null}
                <Button
                  variant="primary"
                  onClick={save}
                  loading={fetcher.state !== "idle"}
                  accessibilityLabel={`Save ${data.label}`}
                >
                  Save
                </Button>
              </InlineStack>
            </FormLayout>
          )}
        </BlockStack>
      </Card>
    </section>
  );
}

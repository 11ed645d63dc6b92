// Settings: the shop's instructions for enrichment — brand voice, language, tone, claims the copy
// must never make, keywords it should use, description length, tags, the attributes written as
// metafields — and whether new products are enriched automatically. Validated with the same
// schema the jobs use, so what is saved is exactly what a job will follow.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Card,
  Checkbox,
  ChoiceList,
  FormLayout,
  InlineError,
  Layout,
  Page,
  PageActions,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { z } from "zod";
import type { ActionResult } from "../components/forms/form-input";
import { useResultToast } from "../components/forms/use-result-toast";
import { AttributeDefinitions } from "../components/settings/AttributeDefinitions";
import { draftOf, LANGUAGES, newRowId, submissionOf, type SettingsDraft } from "../components/settings/settings-form";
import {
  defaultAttributes,
  readShopSettings,
  saveShopSettings,
  ShopSettingsInput,
} from "../settings/shop-settings.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const settings = await readShopSettings(session.shop);
  return json({ ...settings, defaultAttributes: defaultAttributes() });
};

// ---------------------------------------------------------------------------------------------
// Input

type SettingsResult = ActionResult & { fieldErrors?: Record<string, string> };

/** zod paths ("instructions.attributes.2.key") → the form's field names ("attributes.2.key"). */
function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path[0] === "instructions" ? issue.path.slice(1) : issue.path;
    let field = path.map(String).join(".") || "form";
    // Whole-list refinements (unique keys, the word range) belong to the list or the pair.
    if (field === "descriptionLength") field = "descriptionLength.maxWords";
    errors[field] ??= readable(issue);
  }
  return errors;
}

function readable(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type" && issue.expected === "number") return "Enter a number.";
  if (issue.code === "too_small" && issue.origin === "number") return `At least ${issue.minimum}.`;
  if (issue.code === "too_big" && issue.origin === "number") return `At most ${issue.maximum}.`;
  if (issue.code === "too_small" && issue.origin === "string")
    return Number(issue.minimum) <= 1 ? "Enter a value." : `At least ${issue.minimum} characters.`;
  if (issue.code === "too_big" && issue.origin === "string") return `At most ${issue.maximum} characters.`;
  if (issue.code === "too_big" && issue.origin === "array") return `At most ${issue.maximum} entries.`;
  if (issue.code === "invalid_format" && issue.path.includes("language")) return "Choose a language.";
  if (issue.message === "minWords must not exceed maxWords") return "The most words must be at least the fewest.";
  if (issue.message === "attribute keys must be unique") return "Each attribute needs its own metafield key.";
  return issue.message;
}

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  let body: unknown;
  try {
    body = JSON.parse(String(form.get("settings") ?? ""));
  } catch {
    return json<SettingsResult>({ ok: false, intent: "save", message: "The form could not be read; reload the page." }, { status: 400 });
  }
  const parsed = ShopSettingsInput.safeParse(body);
  if (!parsed.success) {
    return json<SettingsResult>(
      { ok: false, intent: "save", message: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) },
      { status: 400 }
    );
  }
  await saveShopSettings(session.shop, parsed.data);
  return json<SettingsResult>({ ok: true, intent: "save", message: "Settings saved. New jobs follow them." });
};

// ---------------------------------------------------------------------------------------------
// Page

export default function SettingsPage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const initial = useMemo(() => draftOf(loaded.instructions, loaded.autoEnrichNewProducts), [loaded]);
  const [draft, setDraft] = useState<SettingsDraft>(initial);
  // After a save the form shows what was stored; after a refusal it keeps what the merchant typed.
  const [savedAt, setSavedAt] = useState<SettingsResult | undefined>(undefined);
  useEffect(() => {
    if (result?.ok && savedAt !== result) {
      setSavedAt(result);
      setDraft(initial);
    }
  }, [result, initial, savedAt]);
  useResultToast(result && (result.ok || !result.fieldErrors) ? result : undefined);
  const errors: Record<string, string> = result && !result.ok ? result.fieldErrors ?? {} : {};
  const saving = navigation.state === "submitting";
  const dirty = JSON.stringify(submissionOf(draft)) !== JSON.stringify(submissionOf(initial));
  const set =
    <K extends keyof SettingsDraft>(key: K) =>
    (value: SettingsDraft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));

  const save = () => {
    const data = new FormData();
    data.set("settings", JSON.stringify(submissionOf(draft)));
    submit(data, { method: "post" });
  };
  const languages = LANGUAGES.some((l) => l.value === draft.language)
    ? LANGUAGES
    : [...LANGUAGES, { value: draft.language, label: draft.language }];

  return (
    <Page>
      <TitleBar title="Settings" />
      <Form
        method="post"
        data-save-bar
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
        onReset={() => setDraft(initial)}
      >
        <Layout>
          {errors.form ? (
            <Layout.Section>
              <Banner tone="critical">
                <p>{errors.form}</p>
              </Banner>
            </Layout.Section>
          ) : null}

          <Layout.AnnotatedSection
            id="voice"
            title="Brand voice"
            description="How your copy should sound. Your words go into every request as instructions; product data never can change them."
          >
            <Card>
              <FormLayout>
                <Select label="Language" options={languages} value={draft.language} onChange={set("language")} error={errors.language} />
                <TextField
                  label="Brand voice"
                  value={draft.brandVoice}
                  onChange={set("brandVoice")}
                  multiline={4}
                  maxLength={2000}
                  showCharacterCount
                  autoComplete="off"
                  placeholder="e.g. Warm and down to earth. We talk like a friend who knows outdoor gear. No hype, no exclamation marks."
                  error={errors.brandVoice}
                />
                <TextField
                  label="Tone"
                  value={draft.tone}
                  onChange={set("tone")}
                  maxLength={200}
                  autoComplete="off"
                  helpText="A few words, e.g. clear, friendly and factual."
                  error={errors.tone}
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            id="claims"
            title="Claims and keywords"
            description="Claims the copy must never make (health, legal, certifications…) and words it should use where they fit."
          >
            <Card>
              <FormLayout>
                <TextField
                  label="Forbidden claims"
                  value={draft.forbiddenClaims}
                  onChange={set("forbiddenClaims")}
                  multiline={4}
                  autoComplete="off"
                  placeholder={"cures\nFDA approved\nwaterproof"}
                  helpText="One per line."
                  error={errors.forbiddenClaims ?? firstError(errors, "forbiddenClaims.")}
                />
                <ChoiceList
                  title="When generated copy contains one"
                  choices={[
                    { label: "Reject the field", value: "reject", helpText: "It is never published; you can edit it." },
                    { label: "Hold it for my review", value: "review" },
                  ]}
                  selected={[draft.forbiddenClaimAction]}
                  onChange={([value]) => set("forbiddenClaimAction")(value === "review" ? "review" : "reject")}
                />
                <TextField
                  label="Required keywords"
                  value={draft.requiredKeywords}
                  onChange={set("requiredKeywords")}
                  multiline={3}
                  autoComplete="off"
                  helpText="One per line. A description without them is flagged for review."
                  error={errors.requiredKeywords ?? firstError(errors, "requiredKeywords.")}
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            id="length"
            title="Descriptions and tags"
            description="Length of descriptions, and how many tags may be added."
          >
            <Card>
              <FormLayout>
                <FormLayout.Group>
                  <TextField
                    label="Fewest words"
                    type="number"
                    value={draft.minWords}
                    onChange={set("minWords")}
                    autoComplete="off"
                    min={20}
                    max={2000}
                    error={errors["descriptionLength.minWords"]}
                  />
                  <TextField
                    label="Most words"
                    type="number"
                    value={draft.maxWords}
                    onChange={set("maxWords")}
                    autoComplete="off"
                    min={20}
                    max={2000}
                    error={errors["descriptionLength.maxWords"]}
                  />
                </FormLayout.Group>
                <FormLayout.Group>
                  <TextField
                    label="New tags per product"
                    type="number"
                    value={draft.maxNewTags}
                    onChange={set("maxNewTags")}
                    autoComplete="off"
                    min={0}
                    max={50}
                    helpText="Your own tags are always kept."
                    error={errors["tags.maxNew"]}
                  />
                  <TextField
                    label="Longest tag (characters)"
                    type="number"
                    value={draft.tagMaxLength}
                    onChange={set("tagMaxLength")}
                    autoComplete="off"
                    min={2}
                    max={255}
                    error={errors["tags.maxLength"]}
                  />
                </FormLayout.Group>
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            id="attributes"
            title="Attributes"
            description="Facts filled in from each product's own data and stored as product metafields in the app's namespace (byok_enrich). The definitions are created in Shopify on first use."
          >
            <Card>
              <AttributeDefinitions
                attributes={draft.attributes}
                onChange={set("attributes")}
                onReset={() => set("attributes")(loaded.defaultAttributes.map((a) => ({ ...a, rowId: newRowId(), keyEdited: true })))}
                errors={errors}
              />
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            id="new-products"
            title="New products"
            description="Enrich each product when it is created in Shopify, with the model you assigned to batch enrichment."
          >
            <Card>
              <BlockStack gap="200">
                <Checkbox
                  label="Enrich new products automatically"
                  checked={draft.autoEnrichNewProducts}
                  onChange={set("autoEnrichNewProducts")}
                  helpText="Clean results are published at once; anything a check flags waits for you under Enrichment jobs. Every change can be reverted."
                />
                {errors.autoEnrichNewProducts ? <InlineError message={errors.autoEnrichNewProducts} fieldID="autoEnrich" /> : null}
              </BlockStack>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.Section>
            <PageActions
              primaryAction={{ content: "Save", onAction: save, loading: saving, disabled: !dirty || saving }}
              secondaryActions={[{ content: "Discard changes", onAction: () => setDraft(initial), disabled: !dirty || saving }]}
            />
            <Text as="p" tone="subdued" alignment="end">
              Jobs already created keep the settings they started with.
            </Text>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}

function firstError(errors: Record<string, string>, prefix: string): string | undefined {
  const key = Object.keys(errors).find((k) => k.startsWith(prefix));
  return key ? errors[key] : undefined;
}

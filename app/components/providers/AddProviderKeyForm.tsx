// The guided add form: choose a provider, then only the fields it needs — its key (with the
// shape of that provider's keys and where to create one), a base URL where one is needed or
// can be changed, and provider settings such as Azure's deployment.
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Link, Select, Text, TextField } from "@shopify/polaris";
import { forwardRef, useCallback, useState } from "react";
import { getProviderDefinition, type ProviderDefinition } from "../../providers/registry";
import type { ActionResult } from "../forms/form-input";
import { useResultToast } from "../forms/use-result-toast";
import { asksForKey, BASE_URL_SETTING, providerSelectGroups, settingFields } from "./provider-choices";

interface Props {
  /** Self-hosted installs may reach local servers (Ollama, LM Studio); the hosted app may not. */
  privateUrlsAllowed: boolean;
}

function initialSettings(definition: ProviderDefinition | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of definition ? settingFields(definition) : []) values[field.name] = field.defaultValue ?? "";
  return values;
}

function baseUrlHelp(definition: ProviderDefinition, privateUrlsAllowed: boolean): string {
  const azureEndpoint = definition.settings.find((s) => s.name === BASE_URL_SETTING);
  if (azureEndpoint) return azureEndpoint.helpText;
  if (definition.baseUrlRequired) return "The server's OpenAI-compatible API address, usually ending in /v1.";
  const local = definition.local && !privateUrlsAllowed ? " It must be reachable from the internet." : "";
  return `Leave empty to use ${definition.defaultBaseUrl}. Change it only for a proxy or gateway.${local}`;
}

export const AddProviderKeyForm = forwardRef<HTMLDivElement, Props>(function AddProviderKeyForm({ privateUrlsAllowed }, ref) {
  const fetcher = useFetcher<ActionResult>();
  const [providerId, setProviderId] = useState("");
  const [label, setLabel] = useState("");
  const [labelEdited, setLabelEdited] = useState(false);
  const [apiKey, setApiKey] = useState("");
  const [baseUrl, setBaseUrl] = useState("");
  const [settings, setSettings] = useState<Record<string, string>>({});
  const definition = getProviderDefinition(providerId);
  const submitting = fetcher.state !== "idle";
  const result = fetcher.data;
  const errors = result && !result.ok ? result.fieldErrors ?? {} : {};

  const reset = useCallback(() => {
    setProviderId("");
    setLabel("");
    setLabelEdited(false);
    setApiKey("");
    setBaseUrl("");
    setSettings({});
  }, []);

  // A stored key leaves the form at once; it is never shown again.
  useResultToast(result, (r) => {
    if (r.ok && r.intent === "add") reset();
  });

  const chooseProvider = (id: string) => {
    const next = getProviderDefinition(id);
    setProviderId(id);
    setSettings(initialSettings(next));
    setBaseUrl("");
    if (!labelEdited) setLabel(next?.displayName ?? "");
  };

  const azureEndpoint = definition?.settings.find((s) => s.name === BASE_URL_SETTING);

  return (
    <div ref={ref}>
      <Card>
        <fetcher.Form method="post" autoComplete="off">
          <input type="hidden" name="intent" value="add" />
          <FormLayout>
            <Select
              label="Provider"
              name="provider"
              options={[{ label: "Choose a provider", value: "" }, ...providerSelectGroups()]}
              value={providerId}
              onChange={chooseProvider}
              error={errors.provider}
              helpText={definition ? undefined : "Pick the company or server whose API key you want to use."}
            />
            {definition ? (
              <>
                <TextField
                  label="Name"
                  name="label"
                  value={label}
                  onChange={(value) => {
                    setLabel(value);
                    setLabelEdited(true);
                  }}
                  autoComplete="off"
                  error={errors.label}
                  helpText="How this key is listed, e.g. “OpenAI – production”."
                  requiredIndicator
                />
                {asksForKey(definition) ? (
                  <TextField
                    label="API key"
                    name="apiKey"
                    type="password"
                    value={apiKey}
                    onChange={setApiKey}
                    autoComplete="new-password"
                    monospaced
                    error={errors.apiKey}
                    requiredIndicator={definition.keyRequired}
                    helpText={
                      <>
                        {definition.keyHint}.{" "}
                        {definition.keyUrl ? (
                          <Link url={definition.keyUrl} target="_blank">
                            Create a key
                          </Link>
                        ) : null}{" "}
                        Stored encrypted; only its last 4 characters are shown afterwards.
                      </>
                    }
                  />
                ) : (
                  <Text as="p" tone="subdued">
                    {definition.displayName} needs no key.
                  </Text>
                )}
                <TextField
                  label={azureEndpoint ? azureEndpoint.label : "Base URL"}
                  name="baseUrl"
                  type="url"
                  value={baseUrl}
                  onChange={setBaseUrl}
                  autoComplete="off"
                  placeholder={definition.defaultBaseUrl ?? "https://"}
                  requiredIndicator={definition.baseUrlRequired}
                  error={errors.baseUrl}
                  helpText={baseUrlHelp(definition, privateUrlsAllowed)}
                />
                {settingFields(definition).map((field) =>
                  field.options ? (
                    <Select
                      key={field.name}
                      label={field.label}
                      name={`setting.${field.name}`}
                      options={field.options.map((o) => ({ label: o, value: o }))}
                      value={settings[field.name] ?? field.defaultValue ?? field.options[0]}
                      onChange={(value) => setSettings((s) => ({ ...s, [field.name]: value }))}
                      helpText={field.helpText}
                      error={errors[`settings.${field.name}`]}
                    />
                  ) : (
                    <TextField
                      key={field.name}
                      label={field.label}
                      name={`setting.${field.name}`}
                      value={settings[field.name] ?? ""}
                      onChange={(value) => setSettings((s) => ({ ...s, [field.name]: value }))}
                      autoComplete="off"
                      requiredIndicator={field.required}
                      helpText={field.helpText}
                      error={errors[`settings.${field.name}`]}
                    />
                  ),
                )}
                {errors.settings ? (
                  <Banner tone="critical">
                    <p>{errors.settings}</p>
                  </Banner>
                ) : null}
                {definition.local && !privateUrlsAllowed ? (
                  <Banner tone="warning" title="This app cannot reach servers on your own network">
                    <p>
                      {definition.displayName} usually runs on your own computer. The hosted app only connects to addresses on the
                      public internet; self-hosted installs can allow local servers with BYOK_ALLOW_PRIVATE_PROVIDER_URLS=true.
                    </p>
                  </Banner>
                ) : null}
                <InlineStack align="end" gap="200">
                  <Button onClick={reset} disabled={submitting}>
                    Cancel
                  </Button>
                  <Button submit variant="primary" loading={submitting}>
                    Add key
                  </Button>
                </InlineStack>
              </>
            ) : null}
          </FormLayout>
        </fetcher.Form>
      </Card>
    </div>
  );
});

export function AddProviderKeyIntro() {
  return (
    <BlockStack gap="200">
      <Text as="p" tone="subdued">
        Calls are billed by your provider to your own account, at your price. Keys are encrypted when saved and are only used for
        work you start.
      </Text>
      <Text as="p" tone="subdued">
        After adding a key, test it, then choose it for a kind of work on the Assignments page.
      </Text>
    </BlockStack>
  );
}

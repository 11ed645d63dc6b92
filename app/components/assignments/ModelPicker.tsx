// Choosing a model on a key: the key's own model list (or the curated one), the provider's
// default for this work, or any other model id typed by hand (an Azure deployment, a model
// loaded in LM Studio, a fine-tune).
import { BlockStack, Select, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { ModelList } from "./use-model-catalog";

const OTHER = "__other__";

interface Props {
  label: string;
  value: string;
  onChange(value: string): void;
  list: ModelList | undefined;
  /** The model used when none is chosen (null: the merchant must name one). */
  defaultModel: string | null;
  disabled?: boolean;
  error?: string;
}

export function ModelPicker({ label, value, onChange, list, defaultModel, disabled, error }: Props) {
  const models = list?.models ?? [];
  const [typing, setTyping] = useState(false);
  const listed = value === "" || models.includes(value);
  const loading = list?.status === "loading";
  const note =
    list?.status === "failed" || list?.error
      ? `Model list unavailable: ${list.error}`
      : list?.source === "endpoint"
      ? "Models this key can use, from the provider."
      : undefined;

  if (disabled && !list) {
    return <Select label={label} options={[{ label: "Choose a key first", value: "" }]} value="" disabled />;
  }

  if (!loading && (models.length === 0 || typing || !listed)) {
    return (
      <BlockStack gap="100">
        <TextField
          label={label}
          value={value}
          onChange={onChange}
          autoComplete="off"
          disabled={disabled}
          placeholder={defaultModel ?? "Model or deployment name"}
          helpText={[defaultModel ? `Leave empty for ${defaultModel}.` : "Enter the model's exact id.", note]
            .filter(Boolean)
            .join(" ")}
          error={error}
          connectedRight={
            models.length ? (
              <Select
                label="Pick from the list"
                labelHidden
                options={[{ label: "Pick from the list", value: "" }, ...models.map((m) => ({ label: m, value: m }))]}
                value=""
                onChange={(m) => {
                  setTyping(false);
                  onChange(m);
                }}
                disabled={disabled}
              />
            ) : undefined
          }
        />
      </BlockStack>
    );
  }

  const options = [
    { label: defaultModel ? `Default (${defaultModel})` : "Choose a model", value: "" },
    ...(loading ? [{ label: "Loading models…", value: "__loading__", disabled: true }] : []),
    ...models.map((m) => ({ label: m, value: m })),
    ...(value && !models.includes(value) ? [{ label: value, value }] : []),
    ...(loading ? [] : [{ label: "Other model…", value: OTHER }]),
  ];
  return (
    <Select
      label={label}
      options={options}
      value={value}
      onChange={(v) => {
        if (v === OTHER) {
          setTyping(true);
          onChange("");
        } else onChange(v);
      }}
      disabled={disabled}
      helpText={loading ? "Loading the key's models…" : note}
      error={error}
    />
  );
}

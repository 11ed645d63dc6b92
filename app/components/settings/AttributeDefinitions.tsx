// The shop's attribute definitions: what each attribute is called, the metafield key it is stored
// under (byok_enrich.<key>), what it means for the model, and whether it takes several lines.
import { BlockStack, Box, Button, Checkbox, Divider, FormLayout, InlineStack, Text, TextField } from "@shopify/polaris";
import { Fragment } from "react";
import { keyFromLabel, newRowId, type AttributeDraft } from "./settings-form";

export const MAX_ATTRIBUTES = 20;

interface Props {
  attributes: AttributeDraft[];
  onChange(attributes: AttributeDraft[]): void;
  onReset(): void;
  /** Field errors by path ("attributes.2.key"). */
  errors: Record<string, string>;
}

export function AttributeDefinitions({ attributes, onChange, onReset, errors }: Props) {
  const update = (rowId: string, patch: Partial<AttributeDraft>) =>
    onChange(
      attributes.map((a) => {
        if (a.rowId !== rowId) return a;
        const next = { ...a, ...patch };
        // A new attribute's key follows its label until the merchant types a key.
        if (patch.label !== undefined && !a.keyEdited) next.key = keyFromLabel(patch.label);
        if (patch.key !== undefined) next.keyEdited = true;
        return next;
      })
    );

  return (
    <BlockStack gap="400">
      {attributes.length === 0 ? (
        <Text as="p" tone="subdued">
          No attributes: enrichment writes no metafields. Add one, or restore the five defaults.
        </Text>
      ) : null}
      {attributes.map((a, index) => (
        <Fragment key={a.rowId}>
          {index > 0 ? <Divider /> : null}
          <FormLayout>
            <FormLayout.Group>
              <TextField
                label="Name"
                value={a.label}
                onChange={(label) => update(a.rowId, { label })}
                autoComplete="off"
                maxLength={60}
                error={errors[`attributes.${index}.label`]}
              />
              <TextField
                label="Metafield key"
                value={a.key}
                onChange={(key) => update(a.rowId, { key })}
                autoComplete="off"
                monospaced
                prefix="byok_enrich."
                maxLength={64}
                error={errors[`attributes.${index}.key`]}
                helpText="Lower-case letters, digits and underscores."
              />
            </FormLayout.Group>
            <TextField
              label="What it means"
              value={a.description}
              onChange={(description) => update(a.rowId, { description })}
              autoComplete="off"
              maxLength={300}
              placeholder="e.g. Main fabric or material, as stated in the product data."
              error={errors[`attributes.${index}.description`]}
              helpText="Told to the model, so it fills the attribute only with what the product data says."
            />
            <InlineStack align="space-between" blockAlign="center">
              <Checkbox
                label="Several lines (e.g. care instructions)"
                checked={a.multiline}
                onChange={(multiline) => update(a.rowId, { multiline })}
              />
              <Button
                variant="plain"
                tone="critical"
                onClick={() => onChange(attributes.filter((other) => other.rowId !== a.rowId))}
                accessibilityLabel={`Remove ${a.label || "attribute"}`}
              >
                Remove
              </Button>
            </InlineStack>
          </FormLayout>
        </Fragment>
      ))}
      {errors.attributes ? (
        <Text as="p" tone="critical">
          {errors.attributes}
        </Text>
      ) : null}
      <Box>
        <InlineStack gap="200">
          <Button
            onClick={() =>
              onChange([...attributes, { rowId: newRowId(), key: "", label: "", description: "", multiline: false, keyEdited: false }])
            }
            disabled={attributes.length >= MAX_ATTRIBUTES}
          >
            Add attribute
          </Button>
          <Button variant="plain" onClick={onReset}>
            Restore the default attributes
          </Button>
        </InlineStack>
      </Box>
    </BlockStack>
  );
}

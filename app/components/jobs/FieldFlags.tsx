// What the checks found in a generated field, as a reviewer reads it: a Badge per finding
// (tone by severity), and a Banner spelling out the ones that need a decision.
import { Badge, Banner, BlockStack, InlineStack, List, Text } from "@shopify/polaris";
import type { FieldFlag, FlagCode, FlagSeverity } from "../../enrichment/flags";

const FLAG_LABEL: Record<FlagCode, string> = {
  schema_violation: "Invalid output",
  empty: "Empty",
  too_long: "Too long",
  shortened: "Shortened",
  hostile_content_removed: "Hostile content removed",
  markup_removed: "Markup removed",
  possible_invention: "Possible invention",
  instruction_echo: "Mentions instructions",
  forbidden_claim: "Forbidden claim",
  length_out_of_range: "Length outside your range",
  missing_required_keyword: "Missing keyword",
  no_value: "No value",
  unchanged: "Unchanged",
  items_dropped: "Some entries dropped",
};

const TONE: Record<FlagSeverity, "info" | "warning" | "critical"> = {
  info: "info",
  review: "warning",
  reject: "critical",
};

export function flagLabel(code: string): string {
  return FLAG_LABEL[code as FlagCode] ?? code;
}

export function FlagBadges({ flags }: { flags: FieldFlag[] }) {
  if (flags.length === 0) return null;
  return (
    <InlineStack gap="100" wrap>
      {flags.map((f) => (
        <Badge key={f.code} tone={TONE[f.severity]}>
          {flagLabel(f.code)}
        </Badge>
      ))}
    </InlineStack>
  );
}

/** The findings that need a person (review) or blocked the field (reject), with their terms. */
export function FlagDetails({ flags }: { flags: FieldFlag[] }) {
  const serious = flags.filter((f) => f.severity !== "info");
  if (serious.length === 0) return null;
  const blocked = serious.some((f) => f.severity === "reject");
  return (
    <Banner
      tone={blocked ? "critical" : "warning"}
      title={blocked ? "Not publishable as generated: edit it or reject it" : "Check this before approving"}
    >
      <BlockStack gap="100">
        <List type="bullet">
          {serious.map((f) => (
            <List.Item key={f.code}>
              <Text as="span" fontWeight="semibold">
                {flagLabel(f.code)}:
              </Text>{" "}
              {f.message}
              {f.terms?.length ? ` (${f.terms.map((t) => `“${t}”`).join(", ")})` : ""}
            </List.Item>
          ))}
        </List>
      </BlockStack>
    </Banner>
  );
}

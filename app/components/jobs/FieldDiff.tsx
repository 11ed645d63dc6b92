// One field of one product: the current value beside the proposal (descriptions rendered and as
// HTML source), what the checks found, and the reviewer's controls — approve, reject, or edit
// (an edit is sanitized and bounded on the server exactly like generated text, then approved).
import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, ButtonGroup, InlineGrid, InlineStack, Tag, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { ActionResult } from "../forms/form-input";
import { useResultToast } from "../forms/use-result-toast";
import { FlagBadges, FlagDetails } from "./FieldFlags";
import type { FieldRow } from "./job-page.server";

const DECISION_BADGE: Record<FieldRow["decision"], { label: string; tone?: "success" | "attention" } | null> = {
  approved: { label: "Approved", tone: "success" },
  rejected: { label: "Rejected" },
  pending: { label: "Waiting for your decision", tone: "attention" },
  none: null,
};

// The Polaris reset removes list bullets and paragraph spacing; a product description needs them.
const PREVIEW_CSS = `
.byok-html-preview p { margin: 0 0 0.6em; }
.byok-html-preview ul, .byok-html-preview ol { margin: 0 0 0.6em; padding-left: 1.4em; }
.byok-html-preview ul { list-style: disc; }
.byok-html-preview ol { list-style: decimal; }
.byok-html-preview h2, .byok-html-preview h3, .byok-html-preview h4 { font-weight: 650; margin: 0.4em 0; }
.byok-html-preview a { color: var(--p-color-text-link); }
.byok-html-source { white-space: pre-wrap; word-break: break-word; font-family: var(--p-font-family-mono); font-size: 12px; margin: 0; }
`;

export function HtmlPreviewStyles() {
  return <style>{PREVIEW_CSS}</style>;
}

type HtmlView = "rendered" | "source";

function TextValue({ value, emptyText }: { value: string | string[] | null; emptyText: string }) {
  if (value === null || value === "" || (Array.isArray(value) && value.length === 0)) {
    return (
      <Text as="p" tone="subdued">
        {emptyText}
      </Text>
    );
  }
  return (
    <Text as="p" breakWord>
      <span style={{ whiteSpace: "pre-wrap" }}>{Array.isArray(value) ? value.join(", ") : value}</span>
    </Text>
  );
}

function HtmlValue({
  html,
  source,
  view,
  emptyText,
}: {
  html: string | null;
  source: string | string[] | null;
  view: HtmlView;
  emptyText: string;
}) {
  if (!source) {
    return (
      <Text as="p" tone="subdued">
        {emptyText}
      </Text>
    );
  }
  if (view === "source") return <pre className="byok-html-source">{String(source)}</pre>;
  // Sanitized by the server (the enrichment allowlist) before it reached the page.
  return <div className="byok-html-preview" dangerouslySetInnerHTML={{ __html: html ?? "" }} />;
}

function TagsValue({ tags, added }: { tags: string[]; added: Set<string> }) {
  if (tags.length === 0) {
    return (
      <Text as="p" tone="subdued">
        No tags
      </Text>
    );
  }
  return (
    <InlineStack gap="100" wrap>
      {tags.map((tag) =>
        added.has(tag.toLowerCase()) ? <Badge key={tag} tone="success">{`+ ${tag}`}</Badge> : <Tag key={tag}>{tag}</Tag>
      )}
    </InlineStack>
  );
}

function Side({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Box background="bg-surface-secondary" padding="300" borderRadius="200" minHeight="100%">
      <BlockStack gap="200">
        <Text as="h4" variant="headingSm" tone="subdued">
          {title}
        </Text>
        {children}
      </BlockStack>
    </Box>
  );
}

function editText(row: FieldRow): string {
  const value = row.edited ?? row.proposed ?? row.original ?? "";
  return Array.isArray(value) ? value.join(", ") : value;
}

interface Props {
  itemId: string;
  row: FieldRow;
  productTitle: string;
  /** The product's state: once published or reverted, the two sides are named for what they are now. */
  itemStatus: string;
}

function sideTitles(itemStatus: string, row: FieldRow): [string, string] {
  const approved = row.decision === "approved";
  if (itemStatus === "written")
    return ["Before", approved ? "Published" : row.edited !== null ? "Your edit (not published)" : "Proposed (not published)"];
  if (itemStatus === "reverted") return ["Original (restored)", approved ? "Was published" : "Proposed (not published)"];
  return ["Current", row.edited !== null ? "Your edit" : "Proposed"];
}

export function FieldDiff({ itemId, row, productTitle, itemStatus }: Props) {
  const fetcher = useFetcher<ActionResult>();
  const [view, setView] = useState<HtmlView>("rendered");
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(() => editText(row));
  useResultToast(fetcher.data, (result) => {
    if (result.ok) setEditing(false);
  });
  const busy = fetcher.state !== "idle";
  const fieldError =
    fetcher.data && !fetcher.data.ok ? fetcher.data.fieldErrors?.[row.field] ?? fetcher.data.fieldErrors?.value : undefined;
  const decision = DECISION_BADGE[row.decision];
  const shown = row.edited ?? row.proposed;
  const [currentTitle, proposedTitle] = sideTitles(itemStatus, row);
  const added = new Set((row.addedTags ?? []).map((t) => t.toLowerCase()));

  const decide = (value: "approved" | "rejected", edited?: string) => {
    const form: Record<string, string> = {
      intent: "decide",
      itemId,
      field: row.field,
      decision: value,
    };
    if (edited !== undefined) form.value = edited;
    fetcher.submit(form, { method: "post" });
  };

  let current: React.ReactNode;
  let proposed: React.ReactNode;
  if (row.kind === "html") {
    current = <HtmlValue html={row.originalHtml} source={row.original} view={view} emptyText="No description" />;
    proposed = <HtmlValue html={row.proposedHtml} source={shown} view={view} emptyText="No proposal" />;
  } else if (row.kind === "tags") {
    const before = Array.isArray(row.original) ? row.original : [];
    const after = Array.isArray(shown) ? shown : before;
    current = <TagsValue tags={before} added={new Set()} />;
    proposed = <TagsValue tags={after} added={added} />;
  } else {
    current = <TextValue value={row.original} emptyText="Not set" />;
    proposed = <TextValue value={shown} emptyText="No proposal" />;
  }

  return (
    <BlockStack gap="300">
      <InlineStack align="space-between" blockAlign="center" gap="200">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h3" variant="headingSm">
            {row.label}
          </Text>
          {decision ? <Badge tone={decision.tone}>{decision.label}</Badge> : null}
          <FlagBadges flags={row.flags} />
        </InlineStack>
        {row.kind === "html" ? (
          <ButtonGroup variant="segmented">
            <Button pressed={view === "rendered"} onClick={() => setView("rendered")} size="slim">
              Preview
            </Button>
            <Button pressed={view === "source"} onClick={() => setView("source")} size="slim">
              HTML
            </Button>
          </ButtonGroup>
        ) : null}
      </InlineStack>
      <FlagDetails flags={row.flags} />
      <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
        <Side title={currentTitle}>{current}</Side>
        <Side title={proposedTitle}>{proposed}</Side>
      </InlineGrid>
      {editing ? (
        <fetcher.Form
          method="post"
          onSubmit={(event) => {
            event.preventDefault();
            decide("approved", draft);
          }}
        >
          <BlockStack gap="200">
            <TextField
              label={`Edit ${row.label.toLowerCase()} for ${productTitle}`}
              value={draft}
              onChange={setDraft}
              multiline={row.kind === "html" ? 8 : row.kind === "multiline" ? 4 : false}
              monospaced={row.kind === "html"}
              autoComplete="off"
              error={fieldError}
              helpText={
                row.kind === "html"
                  ? "HTML: p, ul, ol, li, strong, em, h2–h4, br and links to your shop. Anything else is removed when you save."
                  : row.kind === "tags"
                  ? "Separate tags with commas. Your existing tags are always kept."
                  : undefined
              }
              autoFocus
            />
            <InlineStack gap="200">
              <Button submit variant="primary" loading={busy}>
                Save and approve
              </Button>
              <Button onClick={() => setEditing(false)} disabled={busy}>
                Cancel
              </Button>
            </InlineStack>
          </BlockStack>
        </fetcher.Form>
      ) : row.decidable ? (
        <InlineStack gap="200">
          <Button
            onClick={() => decide("approved")}
            variant={row.decision === "approved" ? "secondary" : "primary"}
            disabled={busy || row.decision === "approved" || (row.status === "rejected" && row.edited === null) || row.proposed === null}
            accessibilityLabel={`Approve ${row.label} for ${productTitle}`}
          >
            Approve
          </Button>
          <Button
            onClick={() => decide("rejected")}
            disabled={busy || row.decision === "rejected"}
            accessibilityLabel={`Reject ${row.label} for ${productTitle}`}
          >
            Reject
          </Button>
          <Button
            variant="plain"
            onClick={() => {
              setDraft(editText(row));
              setEditing(true);
            }}
            disabled={busy}
            accessibilityLabel={`Edit ${row.label} for ${productTitle}`}
          >
            Edit
          </Button>
        </InlineStack>
      ) : null}
    </BlockStack>
  );
}

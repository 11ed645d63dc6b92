// The job-wide review controls: approve or reject everything still waiting, publish what is
// approved, and undo the whole job (after a confirmation).
import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import type { JobCounts } from "../../jobs/job-types";
import { formatCount } from "../format";
import type { ActionResult } from "../forms/form-input";
import { useResultToast } from "../forms/use-result-toast";
import type { Confirmation } from "./ConfirmDialog";

export function ReviewCard({
  counts,
  mode,
  generating,
  onConfirm,
}: {
  counts: JobCounts;
  mode: string;
  generating: boolean;
  onConfirm(confirmation: Confirmation): void;
}) {
  const fetcher = useFetcher<ActionResult>();
  useResultToast(fetcher.data);
  const busy = fetcher.state !== "idle";
  const waiting = (counts.byStatus.generated ?? 0) + (counts.byStatus.needs_review ?? 0);
  const approved = counts.byStatus.approved ?? 0;
  const written = counts.byStatus.written ?? 0;
  if (waiting === 0 && approved === 0 && written === 0) return null;
  const submit = (intent: string) => fetcher.submit({ intent }, { method: "post" });

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {waiting ? "Review" : "Results"}
        </Text>
        <Text as="p">
          {waiting
            ? `${formatCount(waiting)} ${
                waiting === 1 ? "product waits" : "products wait"
              } for your decision. “Approve all” approves flagged fields too: read those first.`
            : mode === "publish"
            ? "Clean results were published at once; flagged ones wait for you."
            : "Every result has a decision."}{" "}
          {approved ? `${formatCount(approved)} approved ${approved === 1 ? "product is" : "products are"} ready to publish.` : ""}{" "}
          {written ? `${formatCount(written)} published.` : ""}
        </Text>
        <InlineStack gap="200">
          {approved ? (
            <Button variant="primary" onClick={() => submit("publish")} loading={busy}>
              {generating
                ? `Publish approved when generation ends (${formatCount(approved)})`
                : `Publish approved (${formatCount(approved)})`}
            </Button>
          ) : null}
          {waiting ? (
            <>
              <Button onClick={() => submit("approve-all")} disabled={busy}>
                Approve all
              </Button>
              <Button onClick={() => submit("reject-all")} disabled={busy}>
                Reject all
              </Button>
            </>
          ) : null}
          {written ? (
            <Button
              tone="critical"
              variant="secondary"
              disabled={busy}
              onClick={() =>
                onConfirm({
                  title: "Revert the whole job?",
                  message: `The original titles, descriptions, SEO fields, tags and attributes of the ${formatCount(written)} published ${
                    written === 1 ? "product" : "products"
                  } are written back to Shopify. Products edited in Shopify since are left as they are.`,
                  confirmLabel: "Revert job",
                  tone: "critical",
                  form: { intent: "revert-job" },
                })
              }
            >
              Revert job
            </Button>
          ) : null}
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

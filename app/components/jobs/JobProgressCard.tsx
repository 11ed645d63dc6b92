// Where a job stands: a ProgressBar with products done out of all, the count per state, what its
// provider calls cost so far against the estimate, roughly how long the rest takes, and the
// controls that apply now (pause, resume, cancel).
import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineGrid, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import type { ItemStatus, JobCounts } from "../../jobs/job-types";
import { formatCount, formatMoney } from "../format";
import type { ActionResult } from "../forms/form-input";
import { useResultToast } from "../forms/use-result-toast";
import type { Confirmation } from "./ConfirmDialog";
import { itemStatusLabel } from "./labels";
import { formatEta, type JobProgress } from "./progress";

const COUNT_ORDER: ItemStatus[] = [
  "pending",
  "generating",
  "generated",
  "needs_review",
  "approved",
  "writing",
  "written",
  "rejected",
  "conflict",
  "failed",
  "reverted",
  "skipped",
];

const PHASE_TEXT: Record<JobProgress["phase"], (p: JobProgress) => string> = {
  reading: () => "Reading the products from Shopify and estimating the cost…",
  generating: (p) => `${formatCount(p.done)} of ${formatCount(p.total)} products generated`,
  publishing: (p) => `${formatCount(p.done)} of ${formatCount(p.total)} products done; publishing approved results…`,
  reverting: (p) => `Reverting: ${formatCount(p.done)} of ${formatCount(p.total)} products back to their originals`,
  done: (p) => `${formatCount(p.total)} ${p.total === 1 ? "product" : "products"} processed`,
};

export interface JobProgressCardProps {
  status: string;
  progress: JobProgress;
  counts: JobCounts;
  spend: { cost: string; calls: number; unpricedCalls: number };
  estimate: { cost: string | null; currency: string } | null;
  preview: boolean;
  onConfirm(confirmation: Confirmation): void;
}

function CountBadges({ counts }: { counts: JobCounts }) {
  const entries = COUNT_ORDER.filter((s) => (counts.byStatus[s] ?? 0) > 0);
  if (entries.length === 0) return null;
  return (
    <InlineStack gap="200" wrap>
      {entries.map((s) => {
        const label = itemStatusLabel(s);
        return (
          <Badge key={s} tone={label.tone}>
            {`${formatCount(counts.byStatus[s] ?? 0)} ${label.label.toLowerCase()}`}
          </Badge>
        );
      })}
    </InlineStack>
  );
}

export function JobProgressCard({ status, progress, counts, spend, estimate, preview, onConfirm }: JobProgressCardProps) {
  const fetcher = useFetcher<ActionResult>();
  useResultToast(fetcher.data);
  const busy = fetcher.state !== "idle";
  const currency = estimate?.currency ?? "USD";
  const canPause = status === "queued" || status === "running";
  const canResume = status === "paused";
  const canCancel = !["completed", "cancelled", "failed"].includes(status);
  const tone = status === "failed" ? "critical" : status === "completed" ? "success" : "highlight";
  const submit = (intent: string) => fetcher.submit({ intent }, { method: "post" });

  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Progress
          </Text>
          <InlineStack gap="200">
            {canPause ? (
              <Button onClick={() => submit("pause")} loading={busy}>
                Pause
              </Button>
            ) : null}
            {canResume ? (
              <Button variant="primary" onClick={() => submit("resume")} loading={busy}>
                Resume
              </Button>
            ) : null}
            {canCancel ? (
              <Button
                tone="critical"
                variant="tertiary"
                disabled={busy}
                onClick={() =>
                  onConfirm({
                    title: "Cancel this job?",
                    message:
                      "Nothing more is generated or published. Results already published stay in your store (you can still revert them), and what was spent stays in your usage.",
                    confirmLabel: "Cancel job",
                    tone: "critical",
                    form: { intent: "cancel" },
                  })
                }
              >
                Cancel job
              </Button>
            ) : null}
          </InlineStack>
        </InlineStack>
        <BlockStack gap="200">
          <ProgressBar
            progress={progress.phase === "reading" ? 0 : progress.percent}
            tone={tone}
            size="small"
            ariaLabelledBy="job-progress-text"
          />
          <InlineStack align="space-between">
            <Text as="p" id="job-progress-text">
              {PHASE_TEXT[progress.phase](progress)}
            </Text>
            {progress.etaSeconds !== null ? (
              <Text as="p" tone="subdued">
                {formatEta(progress.etaSeconds)} left
              </Text>
            ) : null}
          </InlineStack>
        </BlockStack>
        <CountBadges counts={counts} />
        <InlineGrid columns={{ xs: 1, sm: 3 }} gap="300">
          <BlockStack gap="100">
            <Text as="p" tone="subdued">
              Cost so far
            </Text>
            <Text as="p" variant="headingLg">
              {formatMoney(spend.cost, currency)}
            </Text>
          </BlockStack>
          <BlockStack gap="100">
            <Text as="p" tone="subdued">
              Estimate
            </Text>
            <Text as="p" variant="headingLg">
              {estimate?.cost != null
                ? formatMoney(estimate.cost, currency)
                : progress.phase === "reading"
                ? "Estimating…"
                : "No price known"}
            </Text>
          </BlockStack>
          <BlockStack gap="100">
            <Text as="p" tone="subdued">
              Provider calls
            </Text>
            <Text as="p" variant="headingLg">
              {formatCount(spend.calls)}
            </Text>
          </BlockStack>
        </InlineGrid>
        {spend.unpricedCalls ? (
          <Text as="p" tone="caution">
            {formatCount(spend.unpricedCalls)} calls have no known price; set the model's price on the Usage page to count them.
          </Text>
        ) : null}
        {preview ? (
          <Text as="p" tone="subdued">
            A preview is never published: it shows what the job would write.
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}

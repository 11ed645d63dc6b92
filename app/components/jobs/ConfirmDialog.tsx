// A confirmation in an App Bridge modal for what cannot be taken back lightly (revert, cancel):
// it says what will happen, and its button posts the intent to the page's action.
import { useFetcher } from "@remix-run/react";
import { Modal, TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Box, Button, InlineStack, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { ActionResult } from "../forms/form-input";
import { useResultToast } from "../forms/use-result-toast";

export interface Confirmation {
  title: string;
  message: string;
  confirmLabel: string;
  tone?: "critical";
  /** The form fields posted on confirm (intent and ids). */
  form: Record<string, string>;
}

function ConfirmForm({ confirmation, onClose }: { confirmation: Confirmation; onClose(): void }) {
  const fetcher = useFetcher<ActionResult>();
  useResultToast(fetcher.data, () => onClose());
  const busy = fetcher.state !== "idle";
  return (
    <fetcher.Form method="post">
      {Object.entries(confirmation.form).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <BlockStack gap="400">
        <Text as="p">{confirmation.message}</Text>
        <InlineStack align="end" gap="200">
          <Button onClick={onClose} disabled={busy}>
            Keep as is
          </Button>
          <Button submit variant="primary" tone={confirmation.tone} loading={busy}>
            {confirmation.confirmLabel}
          </Button>
        </InlineStack>
      </BlockStack>
    </fetcher.Form>
  );
}

export function ConfirmDialog({ id, confirmation, onClose }: { id: string; confirmation: Confirmation | null; onClose(): void }) {
  // The modal keeps its content while it animates closed.
  const [shown, setShown] = useState<Confirmation | null>(confirmation);
  useEffect(() => {
    if (confirmation) setShown(confirmation);
  }, [confirmation]);
  return (
    <Modal id={id} open={Boolean(confirmation)} onHide={onClose}>
      <Box padding="400">{shown ? <ConfirmForm key={JSON.stringify(shown.form)} confirmation={shown} onClose={onClose} /> : null}</Box>
      <TitleBar title={shown?.title ?? ""} />
    </Modal>
  );
}

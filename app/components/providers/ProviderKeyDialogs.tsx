// Rename, replace and delete a key, each in an App Bridge modal. The modals' buttons sit in
// their content (not the title bar) so that they work the same in every admin host.
import { useFetcher } from "@remix-run/react";
import { Modal, TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Box, Button, FormLayout, InlineStack, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { ActionResult } from "../forms/form-input";
import { useResultToast } from "../forms/use-result-toast";
import { providerName } from "./provider-choices";
import type { KeyDialog } from "./ProviderKeyList";

interface Props {
  dialog: KeyDialog | null;
  onClose(): void;
}

function DialogButtons({
  onClose,
  submitting,
  label,
  tone,
}: {
  onClose(): void;
  submitting: boolean;
  label: string;
  tone?: "critical";
}) {
  return (
    <InlineStack align="end" gap="200">
      <Button onClick={onClose} disabled={submitting}>
        Cancel
      </Button>
      <Button submit variant="primary" tone={tone} loading={submitting}>
        {label}
      </Button>
    </InlineStack>
  );
}

function RenameForm({ dialog, onClose }: { dialog: KeyDialog; onClose(): void }) {
  const fetcher = useFetcher<ActionResult>();
  const [label, setLabel] = useState(dialog.key.label);
  useResultToast(fetcher.data, (r) => r.ok && onClose());
  const error = fetcher.data && !fetcher.data.ok ? fetcher.data.fieldErrors?.label ?? fetcher.data.message : undefined;
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value="rename" />
      <input type="hidden" name="keyId" value={dialog.key.id} />
      <FormLayout>
        <TextField label="Name" name="label" value={label} onChange={setLabel} autoComplete="off" error={error} autoFocus />
        <DialogButtons onClose={onClose} submitting={fetcher.state !== "idle"} label="Save" />
      </FormLayout>
    </fetcher.Form>
  );
}

function RotateForm({ dialog, onClose }: { dialog: KeyDialog; onClose(): void }) {
  const fetcher = useFetcher<ActionResult>();
  const [apiKey, setApiKey] = useState("");
  useResultToast(fetcher.data, (r) => {
    if (r.ok) {
      setApiKey("");
      onClose();
    }
  });
  const error = fetcher.data && !fetcher.data.ok ? fetcher.data.fieldErrors?.apiKey ?? fetcher.data.message : undefined;
  return (
    <fetcher.Form method="post" autoComplete="off">
      <input type="hidden" name="intent" value="rotate" />
      <input type="hidden" name="keyId" value={dialog.key.id} />
      <FormLayout>
        <Text as="p">
          Paste the new {providerName(dialog.key.provider)} key. Assignments keep using “{dialog.key.label}”; the old key is
          discarded. Test the key afterwards.
        </Text>
        <TextField
          label="New API key"
          name="apiKey"
          type="password"
          value={apiKey}
          onChange={setApiKey}
          autoComplete="new-password"
          monospaced
          error={error}
          autoFocus
        />
        <DialogButtons onClose={onClose} submitting={fetcher.state !== "idle"} label="Replace key" />
      </FormLayout>
    </fetcher.Form>
  );
}

function DeleteForm({ dialog, onClose }: { dialog: KeyDialog; onClose(): void }) {
  const fetcher = useFetcher<ActionResult>();
  useResultToast(fetcher.data, (r) => r.ok && onClose());
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value="delete" />
      <input type="hidden" name="keyId" value={dialog.key.id} />
      <BlockStack gap="400">
        <Text as="p">
          Delete “{dialog.key.label}” ({providerName(dialog.key.provider)})? Work assigned to it stops until you choose another
          key on the Assignments page. Past usage stays in your ledger. This cannot be undone.
        </Text>
        <DialogButtons onClose={onClose} submitting={fetcher.state !== "idle"} label="Delete key" tone="critical" />
      </BlockStack>
    </fetcher.Form>
  );
}

const TITLES = { rename: "Rename provider key", rotate: "Replace provider key", delete: "Delete provider key?" } as const;

export function ProviderKeyDialogs({ dialog, onClose }: Props) {
  // The modal keeps its content while it animates closed.
  const [shown, setShown] = useState<KeyDialog | null>(dialog);
  useEffect(() => {
    if (dialog) setShown(dialog);
  }, [dialog]);
  return (
    <Modal id="provider-key-dialog" open={Boolean(dialog)} onHide={onClose}>
      <Box padding="400">
        {shown?.kind === "rename" ? <RenameForm key={shown.key.id} dialog={shown} onClose={onClose} /> : null}
        {shown?.kind === "rotate" ? <RotateForm key={shown.key.id} dialog={shown} onClose={onClose} /> : null}
        {shown?.kind === "delete" ? <DeleteForm key={shown.key.id} dialog={shown} onClose={onClose} /> : null}
      </Box>
      <TitleBar title={shown ? TITLES[shown.kind] : ""} />
    </Modal>
  );
}

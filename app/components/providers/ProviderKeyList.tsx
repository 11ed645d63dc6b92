// The shop's provider keys: name, provider, the last 4 characters, when added, the last test's
// result — and per key: test, rename, replace the key, delete.
import { useFetcher } from "@remix-run/react";
import { ActionList, Badge, BlockStack, Button, Card, IndexTable, InlineStack, Popover, Text } from "@shopify/polaris";
import { useState } from "react";
import type { ActionResult } from "../forms/form-input";
import { useResultToast } from "../forms/use-result-toast";
import { formatDate, formatDateTime } from "../format";
import { providerName } from "./provider-choices";
import type { ProviderKeyRow } from "./types";

export type KeyDialog = { kind: "rename" | "rotate" | "delete"; key: ProviderKeyRow };

interface Props {
  keys: ProviderKeyRow[];
  onDialog(dialog: KeyDialog): void;
  onTested(key: ProviderKeyRow, result: ActionResult): void;
}

function TestBadge({ row }: { row: ProviderKeyRow }) {
  if (row.lastTestOk === null) return <Badge>Not tested</Badge>;
  return row.lastTestOk ? <Badge tone="success">Connected</Badge> : <Badge tone="critical">Failed</Badge>;
}

function KeyRow({ row, position, onDialog, onTested }: { row: ProviderKeyRow; position: number } & Omit<Props, "keys">) {
  const test = useFetcher<ActionResult>();
  const [menuOpen, setMenuOpen] = useState(false);
  useResultToast(test.data, (result) => onTested(row, result));
  const testing = test.state !== "idle";

  return (
    <IndexTable.Row id={row.id} position={position}>
      <IndexTable.Cell>
        <Text as="span" variant="bodyMd" fontWeight="semibold">
          {row.label}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>{providerName(row.provider)}</IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" tone="subdued">
          {row.last4 ? `•••• ${row.last4}` : "••••"}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>{formatDate(row.createdAt)}</IndexTable.Cell>
      <IndexTable.Cell>
        <BlockStack gap="100">
          <InlineStack gap="200" blockAlign="center">
            <TestBadge row={row} />
            {row.lastTestedAt ? (
              <Text as="span" variant="bodySm" tone="subdued">
                {formatDateTime(row.lastTestedAt)}
              </Text>
            ) : null}
          </InlineStack>
          {row.lastTestMessage ? (
            <div style={{ maxWidth: 360, whiteSpace: "normal" }}>
              <Text as="p" variant="bodySm" tone={row.lastTestOk ? "subdued" : "critical"}>
                {row.lastTestMessage}
              </Text>
            </div>
          ) : null}
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <InlineStack gap="200" align="end" wrap={false}>
          <Button
            size="slim"
            loading={testing}
            accessibilityLabel={`Test ${row.label}`}
            onClick={() => test.submit({ intent: "test", keyId: row.id }, { method: "post" })}
          >
            Test
          </Button>
          <Popover
            active={menuOpen}
            onClose={() => setMenuOpen(false)}
            activator={
              <Button
                size="slim"
                disclosure
                accessibilityLabel={`More actions for ${row.label}`}
                onClick={() => setMenuOpen((o) => !o)}
              >
                More
              </Button>
            }
          >
            <ActionList
              actionRole="menuitem"
              onActionAnyItem={() => setMenuOpen(false)}
              items={[
                { content: "Rename", onAction: () => onDialog({ kind: "rename", key: row }) },
                {
                  content: "Replace key",
                  helpText: "After rotating it at the provider",
                  onAction: () => onDialog({ kind: "rotate", key: row }),
                },
                { content: "Delete", destructive: true, onAction: () => onDialog({ kind: "delete", key: row }) },
              ]}
            />
          </Popover>
        </InlineStack>
      </IndexTable.Cell>
    </IndexTable.Row>
  );
}

export function ProviderKeyList({ keys, onDialog, onTested }: Props) {
  return (
    <Card padding="0">
      <IndexTable
        resourceName={{ singular: "provider key", plural: "provider keys" }}
        itemCount={keys.length}
        selectable={false}
        headings={[
          { title: "Name" },
          { title: "Provider" },
          { title: "Key" },
          { title: "Added" },
          { title: "Last test" },
          { title: "Actions", alignment: "end" },
        ]}
      >
        {keys.map((row, index) => (
          <KeyRow key={row.id} row={row} position={index} onDialog={onDialog} onTested={onTested} />
        ))}
      </IndexTable>
    </Card>
  );
}

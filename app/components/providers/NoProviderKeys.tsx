// What the Providers page shows before the first key: what to do next, and why it is safe.
import { Card, EmptyState, Text } from "@shopify/polaris";
import { KEYS_ILLUSTRATION } from "../illustrations";

export function NoProviderKeys({ onAdd }: { onAdd(): void }) {
  return (
    <Card>
      <EmptyState
        heading="Add your first AI provider key"
        action={{ content: "Add a provider key", onAction: onAdd }}
        image={KEYS_ILLUSTRATION}
      >
        <Text as="p">
          Paste a key from OpenAI, Anthropic, Google Gemini, Mistral, DeepL or another provider. Then test it and choose which
          kind of work it does on the Assignments page. Every call is billed to your own provider account.
        </Text>
      </EmptyState>
    </Card>
  );
}

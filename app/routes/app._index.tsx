import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, Layout, Link, List, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { authenticate } from "../shopify.server";
import { fetchShopOverview } from "../catalog/shop.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin } = await authenticate.admin(request);
  return json({ overview: await fetchShopOverview(admin) });
};

export default function Index() {
  const { overview } = useLoaderData<typeof loader>();
  const languages = overview.locales.map((l) => l.locale).join(", ");
  return (
    <Page>
      <TitleBar title="BYOK Enrich" />
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Enrich your catalog with your own AI keys
              </Text>
              <Text as="p" variant="bodyMd">
                Connected to {overview.name} ({overview.domain}): {overview.productCount} products,
                languages {languages}. Add a provider key, choose a model for each kind of work, and
                enrich titles, descriptions, SEO fields, attributes and translations — billed to your
                own provider account at list price.
              </Text>
              <InlineStack gap="200">
                <Button variant="primary" url="/app/jobs/new">
                  Enrich products
                </Button>
                <Button url="/app/jobs">Past jobs</Button>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Next steps
              </Text>
              <List type="number">
                <List.Item>
                  <Link url="/app/providers">Add and test a provider key</Link>
                </List.Item>
                <List.Item>
                  <Link url="/app/assignments">Choose a model for each kind of work</Link>
                </List.Item>
                <List.Item>
                  <Link url="/app/settings">Set your brand voice and attributes</Link>
                </List.Item>
                <List.Item>
                  <Link url="/app/jobs/new">Enrich products</Link>: see the estimate, review, publish
                </List.Item>
                <List.Item>
                  <Link url="/app/usage">See what each call cost</Link>
                </List.Item>
              </List>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

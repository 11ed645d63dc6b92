// A new enrichment: which products (picked, a search, or the whole catalog), what to write, and
// whether results wait for review. Nothing is spent here: "Estimate cost" reads the products and
// shows the estimate and the budget check on the job's page, where the merchant starts it;
// "Preview on 3 products" makes real calls on a sample and never publishes.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  ChoiceList,
  InlineError,
  InlineStack,
  Layout,
  Link,
  Page,
  Text,
} from "@shopify/polaris";
import { useRef, useState } from "react";
import { z } from "zod";
import type { ActionResult } from "../components/forms/form-input";
import { useResultToast } from "../components/forms/use-result-toast";
import { jobActionError } from "../components/jobs/job-action-errors.server";
import { TASK_LABEL, TASK_ORDER } from "../components/jobs/labels";
import { loadNewJobForm } from "../components/jobs/new-job-form.server";
import { ProductScopePicker, type PickedProduct, type ScopeKind } from "../components/jobs/ProductScopePicker";
import type { TaskId } from "../enrichment/tasks";
import { createEnrichmentJob, previewEnrichment } from "../jobs/jobs.server";
import { readShopInstructions } from "../settings/shop-settings.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json(await loadNewJobForm(session.shop, await readShopInstructions(session.shop)));
};

// ---------------------------------------------------------------------------------------------
// Input

const PRODUCT_GID = /^gid:\/\/shopify\/Product\/\d+$/;

const newJobInput = z
  .object({
    intent: z.enum(["estimate", "preview"]),
    scope: z.enum(["ids", "search", "all"], {
      message: "Choose which products to enrich.",
    }),
    productIds: z
      .array(z.string().trim().regex(PRODUCT_GID, "Not a product id."))
      .max(50_000, "Select at most 50,000 products, or use a search."),
    query: z.string().trim().max(2000, "The search is too long.").default(""),
    tasks: z.array(z.enum(TASK_ORDER)).min(1, "Choose at least one thing to write."),
    mode: z.enum(["review", "publish"]).default("review"),
  })
  .superRefine((input, ctx) => {
    if (input.scope === "ids" && input.productIds.length === 0)
      ctx.addIssue({
        code: "custom",
        path: ["scope"],
        message: "Select at least one product.",
      });
    if (input.scope === "search" && !input.query)
      ctx.addIssue({
        code: "custom",
        path: ["scope"],
        message: "Enter a search, or choose all products.",
      });
  });

function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path[0] === "productIds" || issue.path[0] === "query" ? "scope" : String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return errors;
}

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, redirect } = await authenticate.admin(request);
  const form = await request.formData();
  const strings = (name: string) => form.getAll(name).filter((v): v is string => typeof v === "string");
  const intent = String(form.get("intent") ?? "");
  const parsed = newJobInput.safeParse({
    intent,
    scope: form.get("scope") ?? undefined,
    productIds: strings("productId"),
    query: form.get("query") ?? undefined,
    tasks: strings("task"),
    mode: form.get("mode") ?? undefined,
  });
  if (!parsed.success) {
    return json<ActionResult>(
      {
        ok: false,
        intent,
        message: "Check the highlighted fields.",
        fieldErrors: fieldErrors(parsed.error),
      },
      { status: 400 }
    );
  }
  const input = parsed.data;
  const scope =
    input.scope === "ids"
      ? { kind: "ids" as const, ids: input.productIds }
      : input.scope === "search"
      ? { kind: "search" as const, query: input.query }
      : { kind: "all" as const };
  try {
    const common = {
      shop: session.shop,
      trigger: scope.kind === "ids" ? ("bulk_action" as const) : ("catalog" as const),
      scope,
      tasks: input.tasks,
      // The Settings page's instructions, snapshotted into the job.
      instructions: await readShopInstructions(session.shop),
    };
    // A preview makes its (few) calls within this request and shows its results; an estimate
    // reads and prices the products in the background, then waits for the merchant to start.
    const job =
      input.intent === "preview"
        ? await previewEnrichment(common)
        : await createEnrichmentJob({
            ...common,
            mode: input.mode,
            autoStart: false,
          });
    return redirect(`/app/jobs/${job.id}`);
  } catch (error) {
    const known = jobActionError(error);
    if (!known) throw error;
    return json<ActionResult>(
      {
        ok: false,
        intent,
        message: known.message,
        ...(known.fieldErrors ? { fieldErrors: known.fieldErrors } : {}),
      },
      { status: known.status }
    );
  }
};

// ---------------------------------------------------------------------------------------------
// Page

const TASK_HELP: Record<TaskId, string> = {
  title: "A clear product title, at most 255 characters.",
  description: "A description in your brand voice, with headings and lists.",
  seo: "Search engine title (70 characters) and meta description (320).",
  attributes: "Your attributes, stored as product metafields.",
  tags: "A few new tags; your own tags are always kept.",
  imageAlt: "Alt text for product images, from a vision model.",
};

export default function NewJobPage() {
  const { assignment, attributes, instructions, visionReady } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  useResultToast(result && !result.ok && !result.fieldErrors ? result : undefined);
  const errors = result && !result.ok ? result.fieldErrors ?? {} : {};

  const [kind, setKind] = useState<ScopeKind>("ids");
  const [products, setProducts] = useState<PickedProduct[]>([]);
  const [query, setQuery] = useState("");
  const [tasks, setTasks] = useState<TaskId[]>(["title", "description", "attributes"]);
  const [mode, setMode] = useState<"review" | "publish">("review");
  const submitting = navigation.state !== "idle" ? String(navigation.formData?.get("intent") ?? "") : "";
  const formRef = useRef<HTMLFormElement>(null);
  const submit = useSubmit();
  // Polaris buttons carry no name/value: the intent is added to the form's own fields.
  const send = (intent: "estimate" | "preview") => {
    if (!formRef.current) return;
    const data = new FormData(formRef.current);
    data.set("intent", intent);
    submit(data, { method: "post" });
  };

  const toggleTask = (task: TaskId, on: boolean) => setTasks((list) => (on ? [...list, task] : list.filter((t) => t !== task)));

  return (
    <Page>
      <TitleBar title="New enrichment" />
      <Form
        method="post"
        ref={formRef}
        onSubmit={(event) => {
          event.preventDefault();
          send("estimate");
        }}
      >
        <Layout>
          {!assignment.ok ? (
            <Layout.Section>
              <Banner tone="warning" title="Choose a provider for batch enrichment first">
                <p>
                  {assignment.message} Add a key on <Link url="/app/providers">Providers</Link>, then choose its model on{" "}
                  <Link url="/app/assignments">Assignments</Link>.
                </p>
              </Banner>
            </Layout.Section>
          ) : null}
          {errors.form ? (
            <Layout.Section>
              <Banner tone="critical">
                <p>{errors.form}</p>
              </Banner>
            </Layout.Section>
          ) : null}

          <Layout.AnnotatedSection
            id="products"
            title="Products"
            description="Choose products here, or start from the product list in Shopify with More actions › Enrich."
          >
            <Card>
              <ProductScopePicker
                kind={kind}
                onKind={setKind}
                products={products}
                onProducts={setProducts}
                query={query}
                onQuery={setQuery}
                error={errors.scope}
              />
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            id="tasks"
            title="What to write"
            description="All of it comes from one request per product, so adding a field costs only its output."
          >
            <Card>
              <BlockStack gap="300">
                {TASK_ORDER.map((task) => {
                  const visionOff = task === "imageAlt" && !visionReady;
                  return (
                    <Checkbox
                      key={task}
                      label={TASK_LABEL[task]}
                      name="task"
                      value={task}
                      checked={tasks.includes(task)}
                      disabled={visionOff}
                      onChange={(on) => toggleTask(task, on)}
                      helpText={
                        task === "attributes"
                          ? `${attributes.map((a) => a.label).join(", ") || "No attributes defined"}, stored as product metafields.`
                          : visionOff
                          ? "Needs a vision-capable model for batch enrichment."
                          : TASK_HELP[task]
                      }
                    />
                  );
                })}
                {errors.tasks ? <InlineError message={errors.tasks} fieldID="tasks" /> : null}
                <Text as="p" tone="subdued">
                  Written in {instructions.languageName}, {instructions.tone}
                  {instructions.brandVoice ? ", in your brand voice" : ""}
                  {assignment.ok ? `, by ${assignment.model} (${assignment.providerName})` : ""}.{" "}
                  <Link url="/app/settings">Edit instructions and attributes</Link>
                  {" · "}
                  <Link url="/app/assignments">Change the model</Link>
                </Text>
              </BlockStack>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection id="mode" title="Publishing" description="Anything a check flags always waits for you.">
            <Card>
              <ChoiceList
                title="Publishing"
                titleHidden
                choices={[
                  {
                    label: "Review every change before it is published",
                    value: "review",
                    helpText: "Recommended for a first run.",
                  },
                  {
                    label: "Publish clean results at once",
                    value: "publish",
                    helpText: "Flagged results still wait for your review. Every change can be reverted.",
                  },
                ]}
                selected={[mode]}
                onChange={([value]) => setMode(value === "publish" ? "publish" : "review")}
              />
              <input type="hidden" name="mode" value={mode} />
            </Card>
          </Layout.AnnotatedSection>

          <Layout.Section>
            <BlockStack gap="200">
              <InlineStack align="end" gap="200">
                <Button onClick={() => send("preview")} loading={submitting === "preview"} disabled={!assignment.ok || Boolean(submitting)}>
                  Preview on 3 products
                </Button>
                <Button
                  onClick={() => send("estimate")}
                  variant="primary"
                  loading={submitting === "estimate"}
                  disabled={!assignment.ok || Boolean(submitting)}
                >
                  Estimate cost
                </Button>
              </InlineStack>
              <InlineStack align="end">
                <Text as="p" tone="subdued">
                  Nothing is spent until you start the job after seeing its estimate. A preview makes real calls on 3 products (billed to
                  your key) and never publishes.
                </Text>
              </InlineStack>
            </BlockStack>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}

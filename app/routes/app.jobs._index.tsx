// The shop's enrichment jobs, newest first: what each did, its state, and what it cost against
// its estimate. History stays; a job opens on its own page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Card, EmptyState, IndexTable, Layout, Link, Page, Text, useBreakpoints } from "@shopify/polaris";
import { z } from "zod";
import { formatDateTime, formatMoney } from "../components/format";
import { JOBS_ILLUSTRATION } from "../components/jobs/illustrations";
import { jobStatusLabel, MODE_LABEL, scopeLabel, tasksLabel } from "../components/jobs/labels";
import { jobScope, jsonOf } from "../jobs/job-store.server";
import { listJobs } from "../jobs/jobs.server";
import type { JobMode } from "../jobs/job-types";
import { authenticate } from "../shopify.server";

const PAGE_SIZE = 25;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const cursor = z
    .string()
    .trim()
    .max(100)
    .optional()
    .parse(url.searchParams.get("after") || undefined);
  const rows = await listJobs(session.shop, { take: PAGE_SIZE + 1, cursor });
  const page = rows.slice(0, PAGE_SIZE);
  return json({
    jobs: page.map((job) => ({
      id: job.id,
      createdAt: job.createdAt.toISOString(),
      status: job.status,
      preview: job.preview,
      mode: job.mode as JobMode,
      scope: scopeLabel(jobScope(job), job.itemCount),
      tasks: tasksLabel(jsonOf<string[]>(job.tasks)),
      itemCount: job.itemCount,
      currency: job.currency,
      estimatedCost: job.estimatedCost?.toString() ?? null,
      actualCost: job.actualCost?.toString() ?? null,
    })),
    nextCursor: rows.length > PAGE_SIZE ? page[page.length - 1]!.id : null,
    paged: Boolean(cursor),
  });
};

export default function JobsPage() {
  const { jobs, nextCursor, paged } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const { smDown } = useBreakpoints();

  if (jobs.length === 0 && !paged) {
    return (
      <Page>
        <TitleBar title="Enrichment jobs">
          <button variant="primary" onClick={() => navigate("/app/jobs/new")}>
            New enrichment
          </button>
        </TitleBar>
        <Layout>
          <Layout.Section>
            <Card>
              <EmptyState
                heading="Enrich your first products"
                action={{ content: "New enrichment", url: "/app/jobs/new" }}
                secondaryAction={{
                  content: "Set your brand voice",
                  url: "/app/settings",
                }}
                image={JOBS_ILLUSTRATION}
              >
                <Text as="p">
                  Choose products, what to write (titles, descriptions, SEO, attributes, tags), see what it will cost, and review every
                  change before it reaches your store. Each job can be reverted.
                </Text>
              </EmptyState>
            </Card>
          </Layout.Section>
        </Layout>
      </Page>
    );
  }

  return (
    <Page>
      <TitleBar title="Enrichment jobs">
        <button variant="primary" onClick={() => navigate("/app/jobs/new")}>
          New enrichment
        </button>
      </TitleBar>
      <Layout>
        <Layout.Section>
          <Card padding="0">
            <IndexTable
              condensed={smDown}
              resourceName={{ singular: "job", plural: "jobs" }}
              itemCount={jobs.length}
              selectable={false}
              headings={[
                { title: "Products" },
                { title: "Work" },
                { title: "Status" },
                { title: "Cost", alignment: "end" },
                { title: "Created" },
              ]}
              pagination={
                paged || nextCursor
                  ? {
                      hasPrevious: paged,
                      onPrevious: () => navigate(-1),
                      hasNext: Boolean(nextCursor),
                      onNext: () => {
                        const next = new URLSearchParams(searchParams);
                        next.set("after", nextCursor!);
                        navigate(`?${next.toString()}`);
                      },
                    }
                  : undefined
              }
            >
              {jobs.map((job, index) => {
                const status = jobStatusLabel(job.status, job.preview);
                const cost = job.actualCost ?? job.estimatedCost;
                return (
                  <IndexTable.Row id={job.id} key={job.id} position={index}>
                    <IndexTable.Cell>
                      <Link url={`/app/jobs/${job.id}`} dataPrimaryLink monochrome removeUnderline>
                        <Text as="span" fontWeight="semibold">
                          {job.scope}
                        </Text>
                      </Link>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span">{job.tasks}</Text>
                      <br />
                      <Text as="span" tone="subdued" variant="bodySm">
                        {job.preview ? "Preview, never published" : MODE_LABEL[job.mode]}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Badge tone={status.tone} progress={status.progress}>
                        {status.label}
                      </Badge>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {cost === null ? "–" : formatMoney(cost, job.currency)}
                        {job.actualCost === null && job.estimatedCost !== null ? " (estimate)" : ""}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{formatDateTime(job.createdAt)}</IndexTable.Cell>
                  </IndexTable.Row>
                );
              })}
            </IndexTable>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

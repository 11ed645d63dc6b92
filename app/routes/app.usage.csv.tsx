// The Usage page's CSV export: one line per provider call of the chosen days, streamed.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { rangeFromSearch } from "../components/usage/usage-range";
import { usageCsvLines } from "../ledger/export.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { range, error } = rangeFromSearch(new URL(request.url).searchParams);
  if (error) return new Response(error, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });

  const lines = usageCsvLines({ shop: session.shop, from: range.from, to: range.to });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="usage-${range.fromDay}-to-${range.toDay}.csv"`,
      "cache-control": "no-store",
    },
  });
};

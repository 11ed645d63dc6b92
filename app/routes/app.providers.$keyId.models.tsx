// The models one of the shop's keys can use, for the Assignments page's model pickers: read
// from the provider's models endpoint where it has one, else the registry's curated list.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { listModelsForStoredKey } from "../providers/stored-key.server";
import { authenticate } from "../shopify.server";
import { ProviderKeyNotFoundError } from "../vault/provider-keys.server";

const params = z.object({ keyId: z.string().trim().min(1).max(200) });

export const loader = async ({ request, params: routeParams }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = params.safeParse(routeParams);
  if (!parsed.success) return json({ error: "Choose a provider key." }, { status: 400 });
  try {
    return json(await listModelsForStoredKey(session.shop, parsed.data.keyId), {
      headers: { "cache-control": "private, max-age=60" },
    });
  } catch (error) {
    if (error instanceof ProviderKeyNotFoundError) return json({ error: error.message }, { status: 404 });
    throw error;
  }
};

// The app's own metafields: their namespace, and their definitions, created on first use.
import { type ShopifyAdmin, ShopifyUserErrors, type UserErrorDetail } from "./admin-client";

/** Where the app stores what it generates (attributes); the bulk pull document names it literally. */
export const APP_METAFIELD_NAMESPACE = "byok_enrich";

export const METAFIELD_DEFINITION_CREATE = `#graphql
  mutation CatalogMetafieldDefinitionCreate($definition: MetafieldDefinitionInput!) {
    metafieldDefinitionCreate(definition: $definition) {
      createdDefinition { id namespace key type { name } }
      userErrors { field message code }
    }
  }
`;

export interface MetafieldDefinitionSpec {
  namespace?: string; // the app namespace when omitted
  key: string;
  type: string; // e.g. single_line_text_field
  name?: string; // shown to the merchant; derived from the key when omitted
  description?: string;
}

export interface EnsuredDefinition {
  namespace: string;
  key: string;
  created: boolean; // false: it existed already
}

/**
 * Makes sure product metafield definitions exist. Idempotent: a definition that already exists
 * ("TAKEN") counts as ensured. Remembers what it ensured on this admin client, so repeated
 * calls during one job cost nothing.
 */
export async function ensureMetafieldDefinitions(admin: ShopifyAdmin, defs: MetafieldDefinitionSpec[]): Promise<EnsuredDefinition[]> {
  const ensured = ensuredOn(admin);
  const results: EnsuredDefinition[] = [];
  for (const def of defs) {
    const namespace = def.namespace ?? APP_METAFIELD_NAMESPACE;
    const id = `${namespace}.${def.key}`;
    if (ensured.has(id)) {
      results.push({ namespace, key: def.key, created: false });
      continue;
    }
    const data = await admin.data<{
      metafieldDefinitionCreate: { createdDefinition: { id: string } | null; userErrors: (UserErrorDetail & { code?: string | null })[] } | null;
    }>(METAFIELD_DEFINITION_CREATE, {
      definition: {
        namespace,
        key: def.key,
        type: def.type,
        name: def.name ?? humanize(def.key),
        description: def.description ?? null,
        ownerType: "PRODUCT",
      },
    });
    const payload = data.metafieldDefinitionCreate;
    const errors = payload?.userErrors ?? [];
    const exists = errors.length > 0 && errors.every((e) => isAlreadyExists(e));
    if (errors.length > 0 && !exists) throw new ShopifyUserErrors("metafieldDefinitionCreate", errors);
    ensured.add(id);
    results.push({ namespace, key: def.key, created: !exists && Boolean(payload?.createdDefinition) });
  }
  return results;
}

function isAlreadyExists(error: UserErrorDetail & { code?: string | null }): boolean {
  return error.code === "TAKEN" || error.code === "UNSTRUCTURED_ALREADY_EXISTS" || /already (exists|been taken|in use)/i.test(error.message);
}

const ensuredByAdmin = new WeakMap<ShopifyAdmin, Set<string>>();
function ensuredOn(admin: ShopifyAdmin): Set<string> {
  let set = ensuredByAdmin.get(admin);
  if (!set) ensuredByAdmin.set(admin, (set = new Set()));
  return set;
}

/** care_instructions → "Care instructions". */
export function humanize(key: string): string {
  const words = key.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// metafieldsSet and productUpdate's metafields: validation in Shopify's words, all-or-nothing
// writes, compare-and-set through compareDigest, and metafield definitions.
import { sha256Hex, timestamp } from "./ids";
import { KNOWN_METAFIELD_TYPES, metafieldValueProblem } from "./metafield-values";
import type { MetafieldDefinitionRecord, MetafieldRecord, ProductRecord } from "./records";
import type { ShopData } from "./shop-data";

export interface UserError {
  field: string[] | null;
  message: string;
  code?: string | null;
  elementIndex?: number | null;
}

export interface MetafieldsSetInput {
  ownerId: string;
  namespace?: string | null;
  key: string;
  type?: string | null;
  value: string;
  compareDigest?: string | null;
}

const RESERVED_NAMESPACES = new Set(["shopify_standard", "protected", "shopify-l10n-fields"]);

/** An opaque compare-and-set token: changes whenever the value (or the write) changes. */
export function compareDigest(metafield: MetafieldRecord): string {
  return sha256Hex(JSON.stringify([metafield.id, metafield.type, metafield.value, metafield.updatedAt]));
}

export function definitionFor(shop: ShopData, ownerType: string, namespace: string, key: string): MetafieldDefinitionRecord | undefined {
  return shop.metafieldDefinitions.find((d) => d.ownerType === ownerType && d.namespace === namespace && d.key === key);
}

interface PlannedWrite {
  owner: ProductRecord;
  existing: MetafieldRecord | undefined;
  namespace: string;
  key: string;
  type: string;
  value: string;
}

/** Checks one input; returns the write it would do or the user errors it raises (fields under `base`). */
function plan(shop: ShopData, input: MetafieldsSetInput, appNamespace: string, base: string[], pending: Map<string, PlannedWrite>): PlannedWrite | UserError[] {
  const errors: UserError[] = [];
  const owner = shop.product(input.ownerId);
  if (!owner) return [{ field: [...base, "ownerId"], message: "Owner does not exist.", code: "INVALID_VALUE", elementIndex: null }];
  const namespace = input.namespace ?? appNamespace;
  if (RESERVED_NAMESPACES.has(namespace)) errors.push({ field: [...base, "namespace"], message: `Namespace ${namespace} is a reserved namespace`, code: null, elementIndex: null });
  else if (namespace.length < 3) errors.push({ field: [...base, "namespace"], message: "Namespace is too short (minimum is 3 characters)", code: "TOO_SHORT", elementIndex: null });
  else if (namespace.length > 255) errors.push({ field: [...base, "namespace"], message: "Namespace is too long (maximum is 255 characters)", code: "TOO_LONG", elementIndex: null });
  if (input.key.length < 2) errors.push({ field: [...base, "key"], message: "Key is too short (minimum is 2 characters)", code: "TOO_SHORT", elementIndex: null });
  else if (input.key.length > 64) errors.push({ field: [...base, "key"], message: "Key is too long (maximum is 64 characters)", code: "TOO_LONG", elementIndex: null });
  const pendingKey = `${owner.id}|${namespace}|${input.key}`;
  const existing = pending.get(pendingKey)?.existing ?? owner.metafields.find((m) => m.namespace === namespace && m.key === input.key);
  const definition = definitionFor(shop, "PRODUCT", namespace, input.key);
  const type = input.type ?? definition?.type ?? existing?.type ?? null;
  if (!type) errors.push({ field: [...base, "type"], message: "Type can't be blank", code: "BLANK", elementIndex: null });
  else if (!KNOWN_METAFIELD_TYPES.has(type)) errors.push({ field: [...base, "type"], message: `Type '${type}' is not a valid type`, code: "INVALID_TYPE", elementIndex: null });
  else if (definition && definition.type !== type) {
    errors.push({ field: [...base, "type"], message: `Type must be ${definition.type} to match the metafield definition.`, code: "INVALID_TYPE", elementIndex: null });
  } else {
    const problem = metafieldValueProblem(type, input.value);
    if (problem) errors.push({ field: [...base, "value"], message: problem, code: "INVALID_VALUE", elementIndex: null });
    const max = definition?.validations.find((v) => v.name === "max");
    if (!problem && max && (type.endsWith("text_field") ? input.value.length > Number(max.value) : Number(input.value) > Number(max.value))) {
      errors.push({ field: [...base, "value"], message: `Value has a maximum length of ${max.value}.`, code: "INVALID_VALUE", elementIndex: null });
    }
  }
  if (input.compareDigest !== undefined && input.compareDigest !== null) {
    if (!existing) errors.push({ field: base, message: "Invalid `compareDigest` value.", code: "INVALID_COMPARE_DIGEST", elementIndex: null });
    else if (input.compareDigest !== compareDigest(existing) && !(existing.value === input.value && existing.type === type)) {
      errors.push({ field: base, message: "The resource has been updated since it was loaded. Try again with an updated `compareDigest` value.", code: "STALE_OBJECT", elementIndex: null });
    }
  }
  if (errors.length > 0) return errors;
  return { owner, existing, namespace, key: input.key, type: type!, value: input.value };
}

function apply(shop: ShopData, write: PlannedWrite): MetafieldRecord {
  const now = timestamp();
  if (write.existing) {
    if (write.existing.value !== write.value || write.existing.type !== write.type) {
      write.existing.value = write.value;
      write.existing.type = write.type;
      write.existing.updatedAt = now;
    }
    return write.existing;
  }
  const metafield: MetafieldRecord = { id: shop.ids.gid("Metafield"), namespace: write.namespace, key: write.key, type: write.type, value: write.value, createdAt: now, updatedAt: now };
  write.owner.metafields.push(metafield);
  shop.indexMetafield(write.owner, metafield);
  return metafield;
}

/** metafieldsSet: at most 25 inputs, atomic (one bad input writes nothing). */
export function setMetafields(shop: ShopData, inputs: MetafieldsSetInput[], appNamespace: string): { metafields: MetafieldRecord[] | null; userErrors: UserError[] } {
  if (inputs.length > 25) {
    return { metafields: null, userErrors: [{ field: ["metafields"], message: "Exceeded the maximum metafields input limit of 25.", code: "LESS_THAN_OR_EQUAL_TO", elementIndex: null }] };
  }
  const planned: PlannedWrite[] = [];
  const errors: UserError[] = [];
  const pending = new Map<string, PlannedWrite>();
  inputs.forEach((input, i) => {
    const result = plan(shop, input, appNamespace, ["metafields", String(i)], pending);
    if (Array.isArray(result)) errors.push(...result);
    else {
      planned.push(result);
      pending.set(`${result.owner.id}|${result.namespace}|${result.key}`, result);
    }
  });
  if (errors.length > 0) return { metafields: [], userErrors: errors };
  const written = planned.map((write) => apply(shop, write));
  for (const owner of new Set(planned.map((w) => w.owner))) shop.touch(owner);
  return { metafields: written, userErrors: [] };
}

export interface ProductMetafieldInput {
  id?: string | null;
  namespace?: string | null;
  key?: string | null;
  type?: string | null;
  value?: string | null;
}

/** productUpdate(product: { metafields }) — validated like metafieldsSet, fields under ["metafields", i]. */
export function planProductMetafields(shop: ShopData, product: ProductRecord, inputs: ProductMetafieldInput[], appNamespace: string): { apply: () => void; userErrors: UserError[] } {
  const planned: PlannedWrite[] = [];
  const errors: UserError[] = [];
  const pending = new Map<string, PlannedWrite>();
  inputs.forEach((input, i) => {
    const byId = input.id ? product.metafields.find((m) => m.id === input.id) : undefined;
    if (input.id && !byId) {
      errors.push({ field: ["metafields", String(i), "id"], message: "Metafield does not exist" });
      return;
    }
    const key = input.key ?? byId?.key;
    if (!key || input.value === undefined || input.value === null) {
      errors.push({ field: ["metafields", String(i), input.value == null ? "value" : "key"], message: `${input.value == null ? "Value" : "Key"} can't be blank` });
      return;
    }
    const result = plan(shop, { ownerId: product.id, namespace: input.namespace ?? byId?.namespace, key, type: input.type, value: input.value }, appNamespace, ["metafields", String(i)], pending);
    if (Array.isArray(result)) errors.push(...result.map(({ field, message }) => ({ field, message })));
    else {
      planned.push(result);
      pending.set(`${result.owner.id}|${result.namespace}|${result.key}`, result);
    }
  });
  return { userErrors: errors, apply: () => planned.forEach((write) => apply(shop, write)) };
}

export interface MetafieldDefinitionInput {
  name: string;
  namespace?: string | null;
  key: string;
  type: string;
  ownerType: string;
  description?: string | null;
  validations?: { name: string; value: string }[] | null;
  pin?: boolean | null;
}

export function createMetafieldDefinition(shop: ShopData, input: MetafieldDefinitionInput, appNamespace: string): { createdDefinition: MetafieldDefinitionRecord | null; userErrors: UserError[] } {
  const namespace = input.namespace ?? appNamespace;
  const errors: UserError[] = [];
  if (!input.name.trim()) errors.push({ field: ["definition", "name"], message: "Name can't be blank", code: "BLANK", elementIndex: null });
  if (namespace.length < 3) errors.push({ field: ["definition", "namespace"], message: "Namespace is too short (minimum is 3 characters)", code: "TOO_SHORT", elementIndex: null });
  if (input.key.length < 2) errors.push({ field: ["definition", "key"], message: "Key is too short (minimum is 2 characters)", code: "TOO_SHORT", elementIndex: null });
  if (!KNOWN_METAFIELD_TYPES.has(input.type)) errors.push({ field: ["definition", "type"], message: `Type name ${input.type} is not a valid type`, code: "INCLUSION", elementIndex: null });
  if (definitionFor(shop, input.ownerType, namespace, input.key)) {
    errors.push({ field: ["definition", "key"], message: `Key is in use for Product metafields on the '${namespace}' namespace.`, code: "TAKEN", elementIndex: null });
  }
  if (errors.length > 0) return { createdDefinition: null, userErrors: errors };
  const pinned = shop.metafieldDefinitions.filter((d) => d.pinnedPosition !== null).length;
  const definition: MetafieldDefinitionRecord = {
    id: shop.ids.gid("MetafieldDefinition"),
    name: input.name,
    namespace,
    key: input.key,
    ownerType: input.ownerType,
    type: input.type,
    description: input.description ?? null,
    validations: input.validations ?? [],
    pinnedPosition: input.pin ? pinned + 1 : null,
    createdAt: timestamp(),
  };
  shop.metafieldDefinitions.push(definition);
  return { createdDefinition: definition, userErrors: [] };
}

export interface MetafieldIdentifierInput {
  ownerId: string;
  namespace: string;
  key: string;
}

/**
 * metafieldsDelete: deletes by owner + namespace + key. An identifier naming no existing
 * metafield is not an error: its entry in deletedMetafields is null, as on Shopify.
 */
export function deleteMetafields(
  shop: ShopData,
  inputs: MetafieldIdentifierInput[],
): { deletedMetafields: (MetafieldIdentifierInput | null)[] | null; userErrors: UserError[] } {
  const errors: UserError[] = [];
  inputs.forEach((input, i) => {
    if (!shop.product(input.ownerId)) errors.push({ field: ["metafields", String(i), "ownerId"], message: "Owner does not exist.", code: "INVALID_VALUE", elementIndex: null });
  });
  if (errors.length > 0) return { deletedMetafields: null, userErrors: errors };
  const deleted = inputs.map((input) => {
    const owner = shop.product(input.ownerId)!;
    const index = owner.metafields.findIndex((m) => m.namespace === input.namespace && m.key === input.key);
    if (index < 0) return null;
    owner.metafields.splice(index, 1);
    shop.touch(owner);
    return { ownerId: input.ownerId, namespace: input.namespace, key: input.key };
  });
  return { deletedMetafields: deleted, userErrors: [] };
}

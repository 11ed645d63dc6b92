// Merchants' provider keys: stored encrypted, listed without secrets, decrypted only for the
// duration of one call (withDecryptedKey). Every function takes the shop and only ever reads or
// changes that shop's rows; another shop's id behaves exactly like an id that does not exist.
import { randomUUID } from "node:crypto";
import { inspect } from "node:util";
import { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { checkBaseUrlShape, UnsafeBaseUrlError } from "../providers/base-url-guard.server";
import { open, seal, type SecretBinding } from "./cipher.server";
import { vaultKeyring } from "./keyring.server";
import { redactSecrets, sanitizeErrorMessage } from "./redact";

export type ProviderSettings = { [key: string]: Prisma.JsonValue };

/** What the UI may see of a key: never the key, never its ciphertext. */
export interface ProviderKeySummary {
  id: string;
  provider: string;
  label: string;
  /** Last 4 characters of the key ("" for keys too short to show any of). */
  last4: string;
  baseUrl: string | null;
  settings: ProviderSettings;
  createdAt: Date;
  updatedAt: Date;
  lastTestedAt: Date | null;
  lastTestOk: boolean | null;
  lastTestMessage: string | null;
}

/** Handed to the callback of withDecryptedKey. apiKey is not enumerable: logging the object does not print it. */
export interface ProviderCredentials {
  readonly id: string;
  readonly shop: string;
  readonly provider: string;
  readonly label: string;
  readonly baseUrl: string | null;
  readonly settings: ProviderSettings;
  readonly apiKey: string;
}

export type ProviderKeyField = "provider" | "label" | "apiKey" | "baseUrl" | "settings";

/** Invalid input, with the form field it concerns (for inline errors). Never contains the key. */
export class ProviderKeyInputError extends Error {
  constructor(readonly field: ProviderKeyField, message: string) {
    super(message);
    this.name = "ProviderKeyInputError";
  }
}

export class ProviderKeyNotFoundError extends Error {
  readonly status = 404;
  constructor() {
    super("This provider key does not exist (it may have been deleted).");
    this.name = "ProviderKeyNotFoundError";
  }
}

const SAFE_FIELDS = {
  id: true,
  provider: true,
  label: true,
  last4: true,
  baseUrl: true,
  settings: true,
  createdAt: true,
  updatedAt: true,
  lastTestedAt: true,
  lastTestOk: true,
  lastTestMessage: true,
} as const satisfies Prisma.ProviderKeySelect;

type SafeRow = Prisma.ProviderKeyGetPayload<{ select: typeof SAFE_FIELDS }>;

function toSummary(row: SafeRow): ProviderKeySummary {
  const settings =
    row.settings && typeof row.settings === "object" && !Array.isArray(row.settings) ? (row.settings as ProviderSettings) : {};
  return { ...row, settings };
}

function requireShop(shop: string): string {
  if (typeof shop !== "string" || !shop.trim()) throw new Error("A shop is required.");
  return shop;
}

// ---------------------------------------------------------------------------------------------
// Input rules

const PROVIDER_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const MAX_KEY_LENGTH = 8192;
const MAX_SETTINGS_BYTES = 4096;
const SECRET_LOOKING_SETTING = /(^|_|-)(api_?key|key|secret|token|password|credential)s?$/i;

function cleanProvider(provider: string): string {
  const value = String(provider ?? "").trim();
  if (!PROVIDER_ID.test(value)) throw new ProviderKeyInputError("provider", "Choose a provider.");
  return value;
}

function cleanLabel(label: string): string {
  const value = String(label ?? "")
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .trim();
  if (!value) throw new ProviderKeyInputError("label", "Give this key a name, e.g. “OpenAI – production”.");
  if (value.length > 100) throw new ProviderKeyInputError("label", "Keep the name under 100 characters.");
  return value;
}

function cleanApiKey(apiKey: string): string {
  const value = String(apiKey ?? "").trim();
  if (value.length > MAX_KEY_LENGTH)
    throw new ProviderKeyInputError("apiKey", "This key is longer than any provider issues; check what was pasted.");
  // Keys go into HTTP headers: whitespace or control characters inside one would break (or inject into) them.
  if (/[\s\u0000-\u001f\u007f]/.test(value)) {
    throw new ProviderKeyInputError("apiKey", "The key contains spaces or line breaks; paste just the key.");
  }
  return value;
}

function lastFour(apiKey: string): string {
  // Showing 4 characters of a short key would reveal too much of it.
  return apiKey.length >= 12 ? apiKey.slice(-4) : "";
}

function cleanBaseUrl(baseUrl: string | null | undefined): string | null {
  const value = (baseUrl ?? "").trim();
  if (!value) return null;
  try {
    return checkBaseUrlShape(value).href;
  } catch (err) {
    if (err instanceof UnsafeBaseUrlError) throw new ProviderKeyInputError("baseUrl", err.message);
    throw err;
  }
}

function cleanSettings(settings: ProviderSettings | null | undefined): ProviderSettings {
  if (settings == null) return {};
  if (typeof settings !== "object" || Array.isArray(settings)) throw new ProviderKeyInputError("settings", "Settings must be an object.");
  for (const name of Object.keys(settings)) {
    if (SECRET_LOOKING_SETTING.test(name)) {
      throw new ProviderKeyInputError(
        "settings",
        `Settings are stored unencrypted; “${name}” looks like a secret. Put keys in the key field.`,
      );
    }
  }
  let json: string;
  try {
    json = JSON.stringify(settings);
  } catch {
    throw new ProviderKeyInputError("settings", "Settings must be plain JSON values.");
  }
  if (Buffer.byteLength(json) > MAX_SETTINGS_BYTES) throw new ProviderKeyInputError("settings", "Settings are too large.");
  return JSON.parse(json) as ProviderSettings;
}

// ---------------------------------------------------------------------------------------------
// Writes

export interface StoreProviderKeyInput {
  shop: string;
  provider: string;
  label: string;
  apiKey: string;
  baseUrl?: string | null;
  settings?: ProviderSettings | null;
}

export async function storeProviderKey(input: StoreProviderKeyInput): Promise<ProviderKeySummary> {
  const shop = requireShop(input.shop);
  const provider = cleanProvider(input.provider);
  const label = cleanLabel(input.label);
  const apiKey = cleanApiKey(input.apiKey);
  const baseUrl = cleanBaseUrl(input.baseUrl);
  const settings = cleanSettings(input.settings);
  const id = randomUUID();
  const sealed = seal(apiKey, { shop, id, provider }, vaultKeyring().current);
  const row = await prisma.providerKey.create({
    data: { id, shop, provider, label, baseUrl, settings, ciphertext: sealed.ciphertext, keyId: sealed.keyId, last4: lastFour(apiKey) },
    select: SAFE_FIELDS,
  });
  return toSummary(row);
}

async function findBinding(shop: string, id: string): Promise<SecretBinding> {
  const row = await prisma.providerKey.findFirst({ where: { id: String(id), shop: requireShop(shop) }, select: { provider: true } });
  if (!row) throw new ProviderKeyNotFoundError();
  return { shop, id: String(id), provider: row.provider };
}

async function updateOwned(shop: string, id: string, data: Prisma.ProviderKeyUpdateManyMutationInput): Promise<ProviderKeySummary> {
  const { count } = await prisma.providerKey.updateMany({ where: { id: String(id), shop: requireShop(shop) }, data });
  if (count === 0) throw new ProviderKeyNotFoundError();
  return getProviderKey(shop, id);
}

/** Replaces the key (same provider, label and settings). Clears the last test result. */
export async function rotateProviderKey(shop: string, id: string, newApiKey: string): Promise<ProviderKeySummary> {
  const apiKey = cleanApiKey(newApiKey);
  const binding = await findBinding(shop, id);
  const sealed = seal(apiKey, binding, vaultKeyring().current);
  return updateOwned(shop, id, {
    ciphertext: sealed.ciphertext,
    keyId: sealed.keyId,
    last4: lastFour(apiKey),
    lastTestedAt: null,
    lastTestOk: null,
    lastTestMessage: null,
  });
}

export async function renameProviderKey(shop: string, id: string, label: string): Promise<ProviderKeySummary> {
  return updateOwned(shop, id, { label: cleanLabel(label) });
}

/** Changes the non-secret connection settings (base URL, e.g. Azure deployment). Clears the last test result. */
export async function updateProviderKeyConnection(
  shop: string,
  id: string,
  change: { baseUrl?: string | null; settings?: ProviderSettings | null },
): Promise<ProviderKeySummary> {
  const data: Prisma.ProviderKeyUpdateManyMutationInput = { lastTestedAt: null, lastTestOk: null, lastTestMessage: null };
  if (change.baseUrl !== undefined) data.baseUrl = cleanBaseUrl(change.baseUrl);
  if (change.settings !== undefined) data.settings = cleanSettings(change.settings);
  return updateOwned(shop, id, data);
}

/** Stores the outcome of a connection test (message sanitized: no credentials). */
export async function recordConnectionTest(
  shop: string,
  id: string,
  result: { ok: boolean; message?: string | null; testedAt?: Date },
): Promise<ProviderKeySummary> {
  return updateOwned(shop, id, {
    lastTestedAt: result.testedAt ?? new Date(),
    lastTestOk: result.ok,
    lastTestMessage: result.message ? sanitizeErrorMessage(result.message) : null,
  });
}

/**
 * Deletes the key and, in the same transaction, removes it from the shop's assignments
 * (primary or fallback, with its model). Returns the contexts that lost their provider.
 */
export async function deleteProviderKey(shop: string, id: string): Promise<{ clearedContexts: string[] }> {
  requireShop(shop);
  const keyId = String(id);
  // One batch transaction (no lock held across round trips). Assignments are only ever
  // touched within this shop, so a foreign id changes nothing before the "not found" below.
  const [affected, , , deleted] = await prisma.$transaction([
    prisma.assignment.findMany({
      where: { shop, OR: [{ providerKeyId: keyId }, { fallbackProviderKeyId: keyId }] },
      select: { context: true },
    }),
    prisma.assignment.updateMany({ where: { shop, providerKeyId: keyId }, data: { providerKeyId: null, model: null } }),
    prisma.assignment.updateMany({
      where: { shop, fallbackProviderKeyId: keyId },
      data: { fallbackProviderKeyId: null, fallbackModel: null },
    }),
    prisma.providerKey.deleteMany({ where: { id: keyId, shop } }),
  ]);
  if (deleted.count === 0) throw new ProviderKeyNotFoundError();
  return { clearedContexts: affected.map((a) => a.context).sort() };
}

// ---------------------------------------------------------------------------------------------
// Reads

export async function listProviderKeys(shop: string): Promise<ProviderKeySummary[]> {
  const rows = await prisma.providerKey.findMany({
    where: { shop: requireShop(shop) },
    select: SAFE_FIELDS,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(toSummary);
}

export async function getProviderKey(shop: string, id: string): Promise<ProviderKeySummary> {
  const row = await prisma.providerKey.findFirst({ where: { id: String(id), shop: requireShop(shop) }, select: SAFE_FIELDS });
  if (!row) throw new ProviderKeyNotFoundError();
  return toSummary(row);
}

function credentialsFor(row: SafeRow & { shop: string }, apiKey: string): ProviderCredentials {
  const credentials = {
    id: row.id,
    shop: row.shop,
    provider: row.provider,
    label: row.label,
    baseUrl: row.baseUrl,
    settings: toSummary(row).settings,
  };
  Object.defineProperty(credentials, "apiKey", { value: apiKey, enumerable: false });
  Object.defineProperty(credentials, inspect.custom, {
    value: () => `ProviderCredentials { provider: ${row.provider}, label: ${JSON.stringify(row.label)}, apiKey: [redacted] }`,
    enumerable: false,
  });
  return Object.freeze(credentials) as ProviderCredentials;
}

function scrub(err: unknown, secret: string, seen = new Set<unknown>()): void {
  if (!err || typeof err !== "object" || seen.has(err) || secret.length < 4) return;
  seen.add(err);
  const e = err as { message?: unknown; stack?: unknown; cause?: unknown };
  try {
    if (typeof e.message === "string" && e.message.includes(secret)) e.message = redactSecrets(e.message, [secret]);
    if (typeof e.stack === "string" && e.stack.includes(secret)) e.stack = redactSecrets(e.stack, [secret]);
  } catch {
    // read-only properties: leave them
  }
  scrub(e.cause, secret, seen);
}

/**
 * The only way to use a key: decrypts it for the duration of `fn`. Errors thrown by `fn` are
 * rethrown with any occurrence of the key removed from their messages and stacks.
 */
export async function withDecryptedKey<T>(shop: string, id: string, fn: (credentials: ProviderCredentials) => Promise<T>): Promise<T> {
  requireShop(shop);
  const row = await prisma.providerKey.findFirst({
    where: { id: String(id), shop },
    select: { ...SAFE_FIELDS, shop: true, ciphertext: true, keyId: true },
  });
  if (!row) throw new ProviderKeyNotFoundError();
  const apiKey = open(
    { ciphertext: row.ciphertext, keyId: row.keyId },
    { shop: row.shop, id: row.id, provider: row.provider },
    vaultKeyring(),
  );
  try {
    return await fn(credentialsFor(row, apiKey));
  } catch (err) {
    scrub(err, apiKey);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Rotation of the vault secret (used by app/vault/rotate.ts)

export interface ReencryptReport {
  total: number;
  reencrypted: number;
  alreadyCurrent: number;
  failed: Array<{ id: string; shop: string; reason: string }>;
}

/** Re-encrypts every stored key (all shops, or one) with the current BYOK_VAULT_SECRET. */
export async function reencryptAllProviderKeys(options: { batchSize?: number; shop?: string } = {}): Promise<ReencryptReport> {
  const keyring = vaultKeyring();
  const report: ReencryptReport = { total: 0, reencrypted: 0, alreadyCurrent: 0, failed: [] };
  const take = options.batchSize ?? 200;
  let cursor: string | undefined;
  for (;;) {
    const rows = await prisma.providerKey.findMany({
      where: options.shop ? { shop: options.shop } : {},
      select: { id: true, shop: true, provider: true, ciphertext: true, keyId: true },
      orderBy: { id: "asc" },
      take,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
    });
    if (rows.length === 0) break;
    cursor = rows[rows.length - 1].id;
    for (const row of rows) {
      report.total++;
      if (row.keyId === keyring.current.id) {
        report.alreadyCurrent++;
        continue;
      }
      const binding = { shop: row.shop, id: row.id, provider: row.provider };
      try {
        const sealed = seal(open(row, binding, keyring), binding, keyring.current);
        // Only if nobody replaced the key meanwhile (a merchant rotating it at the same moment).
        const { count } = await prisma.providerKey.updateMany({
          where: { id: row.id, ciphertext: row.ciphertext },
          data: { ciphertext: sealed.ciphertext, keyId: sealed.keyId },
        });
        if (count === 1) report.reencrypted++;
        else report.alreadyCurrent++;
      } catch (err) {
        report.failed.push({ id: row.id, shop: row.shop, reason: err instanceof Error ? err.message : String(err) });
      }
    }
  }
  return report;
}

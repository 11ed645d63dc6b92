// The vault's encryption keys, derived from env secrets. BYOK_VAULT_SECRET encrypts;
// BYOK_VAULT_PREVIOUS_SECRETS (comma-separated) still decrypt, so a secret can be replaced and
// the rows re-encrypted afterwards (app/vault/rotate.ts). Neither a secret nor a derived key
// ever leaves this module; only key ids (one-way, 8 bytes) are stored beside ciphertexts.
import { createHash, hkdfSync } from "node:crypto";

export interface VaultKey {
  /** Stored beside each ciphertext: which secret encrypted it. One-way; reveals nothing. */
  id: string;
  key: Buffer;
}

export interface VaultKeyring {
  current: VaultKey;
  byId: Map<string, VaultKey>;
  /** True when the built-in development secret is in use (never allowed in production). */
  usingDevelopmentSecret: boolean;
}

type Env = Record<string, string | undefined>;

export const MIN_SECRET_LENGTH = 32;

// Anyone can read this file, so a secret equal to it protects nothing: refused in production.
const DEVELOPMENT_SECRET = "byok-enrich development vault secret - not for production use";

// Values people paste from examples. Compared case-insensitively after trimming.
const PLACEHOLDERS = new Set(
  [
    DEVELOPMENT_SECRET,
    "changeme",
    "change-me",
    "change_me",
    "secret",
    "password",
    "your-secret-here",
    "your_secret_here",
    "replace-me",
    "replace_me",
    "replace-with-a-long-random-secret",
    "byok_vault_secret",
    "todo",
    "example",
  ].map((s) => s.toLowerCase()),
);

const HKDF_SALT = Buffer.from("byok-enrich/vault/v1");

export class VaultConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VaultConfigurationError";
  }
}

/** Why a secret is too weak to protect merchants' keys, or null when it is acceptable. */
export function secretWeakness(secret: string): string | null {
  const trimmed = secret.trim();
  if (trimmed.length < MIN_SECRET_LENGTH) return `it is shorter than ${MIN_SECRET_LENGTH} characters`;
  const lower = trimmed.toLowerCase();
  if (PLACEHOLDERS.has(lower) || /^(x+|0+|1+|a+)$/i.test(trimmed) || /change.?me|your.?secret|placeholder/i.test(trimmed)) {
    return "it is a placeholder value";
  }
  if (new Set(trimmed).size < 10) return "it has too few distinct characters to be random";
  return null;
}

function deriveKey(secret: string): VaultKey {
  const key = Buffer.from(hkdfSync("sha256", Buffer.from(secret, "utf8"), HKDF_SALT, "provider-key-encryption", 32));
  // The id is a hash of the derived key under a separate label: it identifies the secret
  // without being usable to recover or test guesses faster than the key itself.
  const id = createHash("sha256").update("byok-enrich/vault/key-id/v1").update(key).digest("hex").slice(0, 16);
  return { id, key };
}

const HOW_TO_FIX =
  "Set BYOK_VAULT_SECRET to a random value of at least 32 characters, e.g. the output of " +
  "`openssl rand -base64 48`, and keep it: merchants' provider keys are encrypted with it.";

let warnedDevelopmentSecret = false;
const derivedCache = new Map<string, VaultKey>();

function derive(secret: string): VaultKey {
  let key = derivedCache.get(secret);
  if (!key) {
    key = deriveKey(secret);
    derivedCache.set(secret, key);
  }
  return key;
}

/**
 * The keys to encrypt and decrypt with, from the environment. In production a missing or weak
 * BYOK_VAULT_SECRET throws VaultConfigurationError; elsewhere a fixed development secret is
 * used (with one warning) so that the demo and tests need no setup.
 */
export function vaultKeyring(env: Env = process.env): VaultKeyring {
  const production = env.NODE_ENV === "production";
  const configured = env.BYOK_VAULT_SECRET?.trim() ?? "";
  let secret = configured;
  let usingDevelopmentSecret = false;

  if (!configured) {
    if (production) throw new VaultConfigurationError(`BYOK_VAULT_SECRET is not set. ${HOW_TO_FIX}`);
    secret = DEVELOPMENT_SECRET;
    usingDevelopmentSecret = true;
    if (!warnedDevelopmentSecret) {
      warnedDevelopmentSecret = true;
      console.warn("[vault] BYOK_VAULT_SECRET is not set: using the built-in development secret (never in production).");
    }
  } else {
    const weakness = secretWeakness(configured);
    if (weakness && production) throw new VaultConfigurationError(`BYOK_VAULT_SECRET is too weak: ${weakness}. ${HOW_TO_FIX}`);
  }

  const current = derive(secret);
  const byId = new Map<string, VaultKey>([[current.id, current]]);
  const previous = (env.BYOK_VAULT_PREVIOUS_SECRETS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const old of previous) {
    const key = derive(old);
    if (!byId.has(key.id)) byId.set(key.id, key);
  }
  // Outside production, rows written with the development secret stay readable after a real
  // secret is configured, so a developer can rotate onto it.
  if (!production && !usingDevelopmentSecret) {
    const dev = derive(DEVELOPMENT_SECRET);
    if (!byId.has(dev.id)) byId.set(dev.id, dev);
  }
  return { current, byId, usingDevelopmentSecret };
}

/**
 * Call once at app start: in production, stops the app (throws) with a clear message when
 * BYOK_VAULT_SECRET is missing or weak. Never prints the secret.
 */
export function assertVaultConfigured(env: Env = process.env): void {
  vaultKeyring(env);
}

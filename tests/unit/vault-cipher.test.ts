// The vault's encryption and its configuration rules, without a database.
import { describe, expect, it, vi } from "vitest";
import { open, seal, VaultDecryptionError } from "../../app/vault/cipher.server";
import { assertVaultConfigured, VaultConfigurationError, vaultKeyring } from "../../app/vault/keyring.server";
import { redactCredentials, sanitizeErrorMessage } from "../../app/vault/redact";

const SECRET_A = "Qm9rW3x8v1ZtJ0pLr4TgE2sYcN7uHdA5fK6iPbXo"; // 40 chars, random-looking
const SECRET_B = "wV3pZ8kR1mT6yL0qN4cX7bG2hJ5sD9fA3eU1oI8r";
const binding = { shop: "a.myshopify.com", id: "key-1", provider: "openai" };
const API_KEY = "sk-proj-UnitTestPlaintext-0123456789abcdef";

const env = (vars: Record<string, string | undefined>) => ({ NODE_ENV: "test", ...vars });

describe("sealing a provider key", () => {
  it("round-trips, and the ciphertext does not contain the key", () => {
    const ring = vaultKeyring(env({ BYOK_VAULT_SECRET: SECRET_A }));
    const sealed = seal(API_KEY, binding, ring.current);
    expect(sealed.keyId).toBe(ring.current.id);
    expect(sealed.ciphertext).not.toContain(API_KEY);
    expect(sealed.ciphertext).not.toContain(Buffer.from(API_KEY).toString("base64"));
    expect(open(sealed, binding, ring)).toBe(API_KEY);
  });

  it("uses a fresh IV each time (same key, different ciphertexts)", () => {
    const ring = vaultKeyring(env({ BYOK_VAULT_SECRET: SECRET_A }));
    expect(seal(API_KEY, binding, ring.current).ciphertext).not.toBe(seal(API_KEY, binding, ring.current).ciphertext);
  });

  it("detects any altered byte", () => {
    const ring = vaultKeyring(env({ BYOK_VAULT_SECRET: SECRET_A }));
    const sealed = seal(API_KEY, binding, ring.current);
    const raw = Buffer.from(sealed.ciphertext.slice(3), "base64url");
    for (const index of [0, 12, raw.length - 1]) {
      const altered = Buffer.from(raw);
      altered[index] ^= 0x01;
      const tampered = { ...sealed, ciphertext: `v1.${altered.toString("base64url")}` };
      expect(() => open(tampered, binding, ring)).toThrow(VaultDecryptionError);
    }
  });

  it("refuses a ciphertext moved to another shop's or another row's record", () => {
    const ring = vaultKeyring(env({ BYOK_VAULT_SECRET: SECRET_A }));
    const sealed = seal(API_KEY, binding, ring.current);
    expect(() => open(sealed, { ...binding, shop: "b.myshopify.com" }, ring)).toThrow(VaultDecryptionError);
    expect(() => open(sealed, { ...binding, id: "key-2" }, ring)).toThrow(VaultDecryptionError);
    expect(() => open(sealed, { ...binding, provider: "groq" }, ring)).toThrow(VaultDecryptionError);
  });

  it("decrypts with a previous secret after rotation, and names a missing one by key id only", () => {
    const oldRing = vaultKeyring(env({ BYOK_VAULT_SECRET: SECRET_A }));
    const sealed = seal(API_KEY, binding, oldRing.current);
    const rotated = vaultKeyring(
      env({ BYOK_VAULT_SECRET: SECRET_B, BYOK_VAULT_PREVIOUS_SECRETS: ` other-old-secret-value-0123456789abc , ${SECRET_A}` }),
    );
    expect(rotated.current.id).not.toBe(oldRing.current.id);
    expect(open(sealed, binding, rotated)).toBe(API_KEY);

    const forgotten = vaultKeyring(env({ BYOK_VAULT_SECRET: SECRET_B }));
    let error: unknown;
    try {
      open(sealed, binding, forgotten);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(VaultDecryptionError);
    expect((error as Error).message).toContain(oldRing.current.id);
    expect((error as Error).message).not.toContain(SECRET_A);
  });

  it("derives key ids that do not reveal the secret", () => {
    const ring = vaultKeyring(env({ BYOK_VAULT_SECRET: SECRET_A }));
    expect(ring.current.id).toMatch(/^[0-9a-f]{16}$/);
    expect(SECRET_A.toLowerCase()).not.toContain(ring.current.id);
    expect(Buffer.from(SECRET_A).toString("hex")).not.toContain(ring.current.id);
  });
});

describe("vault configuration at start", () => {
  it.each([
    ["missing", undefined, "BYOK_VAULT_SECRET is not set"],
    ["empty", "   ", "BYOK_VAULT_SECRET is not set"],
    ["short", "too-short-secret", "shorter than 32 characters"],
    ["a placeholder", "changeme-changeme-changeme-changeme-changeme", "placeholder"],
    ["repetitive", "abababababababababababababababababab", "too few distinct characters"],
  ])("stops a production app when the secret is %s", (_what, secret, words) => {
    const run = () => assertVaultConfigured({ NODE_ENV: "production", BYOK_VAULT_SECRET: secret });
    expect(run).toThrow(VaultConfigurationError);
    expect(run).toThrow(words);
    try {
      run();
    } catch (e) {
      if (secret && secret.trim()) expect((e as Error).message).not.toContain(secret);
    }
  });

  it("accepts a strong secret in production", () => {
    expect(() => assertVaultConfigured({ NODE_ENV: "production", BYOK_VAULT_SECRET: SECRET_A })).not.toThrow();
  });

  it("uses the development secret, with a warning, outside production", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const ring = vaultKeyring({ NODE_ENV: "development" });
    expect(ring.usingDevelopmentSecret).toBe(true);
    // The same development secret is refused in production even when set explicitly.
    expect(() =>
      assertVaultConfigured({ NODE_ENV: "production", BYOK_VAULT_SECRET: "byok-enrich development vault secret - not for production use" }),
    ).toThrow("placeholder");
    warn.mockRestore();
  });
});

describe("redaction of error text", () => {
  it("removes credential-shaped strings and keeps the message readable", () => {
    const text =
      'Incorrect API key provided: sk-proj-abcdefgh12345678. headers: {"Authorization":"Bearer gsk_live12345678abcdef", "x-api-key": "sk-ant-api03-XYZ987654321"} url https://x/?key=AIzaSyA1234567890abcdefghijklmnop DeepL-Auth-Key 0a1b2c3d-1111-2222-3333-444455556666:fx';
    const out = redactCredentials(text);
    for (const secret of [
      "sk-proj-abcdefgh12345678",
      "gsk_live12345678abcdef",
      "sk-ant-api03-XYZ987654321",
      "AIzaSyA1234567890abcdefghijklmnop",
      "444455556666:fx",
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain("Incorrect API key provided");
  });

  it("removes an exact secret and bounds the length", () => {
    const out = sanitizeErrorMessage(`failed with key mistralKEY 123 ${"x".repeat(600)}`, { secrets: ["mistralKEY 123"] });
    expect(out).not.toContain("mistralKEY 123");
    expect(out.length).toBeLessThanOrEqual(500);
  });
});

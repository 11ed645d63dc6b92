// AES-256-GCM for provider keys. Each ciphertext is bound (as additional authenticated data)
// to the row it belongs to — shop, row id and provider — so a ciphertext copied into another
// shop's row, or edited in place, fails to decrypt instead of yielding someone's key.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { VaultKey, VaultKeyring } from "./keyring.server";

const FORMAT = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SealedSecret {
  /** "v1.<base64url(iv | ciphertext | tag)>" */
  ciphertext: string;
  keyId: string;
}

export interface SecretBinding {
  shop: string;
  id: string;
  provider: string;
}

export class VaultDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VaultDecryptionError";
  }
}

function aad(binding: SecretBinding): Buffer {
  return Buffer.from(JSON.stringify(["byok-enrich/provider-key/v1", binding.shop, binding.id, binding.provider]), "utf8");
}

export function seal(plaintext: string, binding: SecretBinding, key: VaultKey): SealedSecret {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(binding));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const sealed = Buffer.concat([iv, body, cipher.getAuthTag()]);
  return { ciphertext: `${FORMAT}.${sealed.toString("base64url")}`, keyId: key.id };
}

/** Decrypts with whichever key of the ring has the stored key id. Errors never carry plaintext. */
export function open(sealed: SealedSecret, binding: SecretBinding, keyring: VaultKeyring): string {
  const key = keyring.byId.get(sealed.keyId);
  if (!key) {
    throw new VaultDecryptionError(
      `This provider key was encrypted with vault key ${sealed.keyId}, which is neither BYOK_VAULT_SECRET ` +
        "nor one of BYOK_VAULT_PREVIOUS_SECRETS. Restore that secret (as a previous secret), or re-enter the key.",
    );
  }
  const [format, data] = sealed.ciphertext.split(".", 2);
  const bytes = format === FORMAT && data ? Buffer.from(data, "base64url") : Buffer.alloc(0);
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new VaultDecryptionError("The stored provider key is not in the vault's format.");
  const iv = bytes.subarray(0, IV_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const body = bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(binding));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
  } catch {
    throw new VaultDecryptionError(
      "The stored provider key failed its integrity check (it was altered or belongs to another record). Re-enter the key.",
    );
  }
}

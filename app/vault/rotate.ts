// Re-encrypts every stored provider key with the current vault secret:
//   1. set BYOK_VAULT_SECRET to the new secret and BYOK_VAULT_PREVIOUS_SECRETS to the old one(s)
//      (comma-separated), restart the app (it keeps decrypting old rows meanwhile);
//   2. run `npx tsx app/vault/rotate.ts` with the same environment (and DATABASE_URL);
//   3. once it reports 0 failed, the old secrets can be removed from BYOK_VAULT_PREVIOUS_SECRETS.
// Prints counts and key ids only — never a secret or a key.
import prisma from "../db.server";
import { vaultKeyring } from "./keyring.server";
import { reencryptAllProviderKeys } from "./provider-keys.server";

async function main(): Promise<number> {
  const keyring = vaultKeyring(); // stops here, with a clear message, when the secret is missing/weak in production
  const report = await reencryptAllProviderKeys();
  console.log(
    `Vault key ${keyring.current.id}: ${report.reencrypted} provider key(s) re-encrypted, ` +
      `${report.alreadyCurrent} already current, ${report.failed.length} failed (of ${report.total}).`,
  );
  for (const failure of report.failed) console.log(`  failed: key ${failure.id} (shop ${failure.shop}): ${failure.reason}`);
  return report.failed.length === 0 ? 0 : 1;
}

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  })
  .finally(() => prisma.$disconnect());

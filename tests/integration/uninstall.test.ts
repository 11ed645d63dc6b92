// app/uninstalled: the shop's token stops working, so its unfinished jobs are cancelled (kept in
// the history), finished ones untouched, another shop's jobs untouched; a repeat is harmless.
import { describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { storeProviderKey } from "../../app/vault/provider-keys.server";
import { setAssignment } from "../../app/assignments/assignments.server";
import { cancelShopJobs, createJob } from "../../app/jobs/job-store.server";
import { newShop } from "./pipeline-harness";

async function shopWithJobs(prefix: string) {
  const shop = newShop(prefix);
  const key = await storeProviderKey({ shop, provider: "openai", label: "OpenAI", apiKey: "sk-test-uninstall-0000000000" });
  await setAssignment({ shop, context: "enrichment", providerKeyId: key.id, model: "gpt-4o-mini" });
  const open = await createJob({ shop, trigger: "catalog", scope: { kind: "all" }, mode: "publish", autoStart: false });
  const done = await createJob({ shop, trigger: "catalog", scope: { kind: "all" }, mode: "publish", autoStart: false });
  await prisma.enrichmentJob.update({ where: { id: done.id }, data: { status: "completed", finishedAt: new Date() } });
  return { shop, open, done };
}

const statusOf = async (id: string) => (await prisma.enrichmentJob.findUniqueOrThrow({ where: { id } })).status;

describe("uninstalling the app", () => {
  it("cancels the shop's unfinished jobs only, and a repeat does nothing more", async () => {
    const a = await shopWithJobs("uninstall-a");
    const b = await shopWithJobs("uninstall-b");
    expect(await cancelShopJobs(a.shop)).toBe(1);
    expect(await statusOf(a.open.id)).toBe("cancelled");
    expect(await statusOf(a.done.id)).toBe("completed");
    expect(await statusOf(b.open.id)).not.toBe("cancelled");
    expect(await cancelShopJobs(a.shop)).toBe(0);
  });
});

// The Settings page's loader and action as the embedded app calls them. A merchant depends on:
// seeing the instructions jobs follow (the defaults until they change them), and an inline
// message on exactly the field to fix when what they typed would not be accepted by a job.
import { appRequest, callRoute, installShop, jsonOf } from "./routes-session";
import { describe, expect, it } from "vitest";
import { action, loader } from "../../app/routes/app.settings";
import { DEFAULT_INSTRUCTIONS } from "../../app/enrichment/instructions";

const PAGE = "/app/settings";

function submission(patch: Record<string, unknown> = {}, autoEnrichNewProducts = false) {
  return JSON.stringify({
    instructions: {
      language: "en",
      brandVoice: "Warm and factual.",
      tone: "friendly",
      forbiddenClaims: ["cures"],
      forbiddenClaimAction: "reject",
      requiredKeywords: [],
      descriptionLength: { minWords: 120, maxWords: 250 },
      attributes: DEFAULT_INSTRUCTIONS.attributes,
      tags: { maxNew: 5, maxLength: 40 },
      ...patch,
    },
    autoEnrichNewProducts,
  });
}

async function save(shop: string, settings: string) {
  return callRoute(action, await appRequest(shop, PAGE, { form: { settings } }));
}

describe("the Settings page", () => {
  it("shows the instructions jobs follow, with the five default attributes", async () => {
    const shop = await installShop("settings-view");
    const response = await callRoute(loader, await appRequest(shop, PAGE));
    expect(response.status).toBe(200);
    const page = await jsonOf(response);
    expect(page.instructions.language).toBe("en");
    expect(page.instructions.descriptionLength).toEqual({ minWords: 120, maxWords: 250 });
    expect(page.instructions.attributes.map((a: { key: string }) => a.key)).toEqual([
      "material",
      "color",
      "care_instructions",
      "style",
      "audience",
    ]);
    expect(page.defaultAttributes).toHaveLength(5);
  });

  it("refuses the page and the action without a session token", async () => {
    const shop = await installShop("settings-auth");
    expect((await callRoute(loader, await appRequest(shop, PAGE, { anonymous: true }))).status).toBe(302);
    expect((await callRoute(action, await appRequest(shop, PAGE, { anonymous: true, form: { settings: submission() } }))).status).toBe(302);
  });

  it("puts each refusal under the field to fix", async () => {
    const shop = await installShop("settings-errors");
    const attribute = (key: string, label = "Fabric") => ({ key, label, description: "", multiline: false });
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ attributes: [attribute("Fabric Type")] }, "attributes.0.key", /snake_case/],
      [{ attributes: [attribute("fabric"), attribute("fabric", "Material")] }, "attributes", /own metafield key/],
      [{ attributes: [attribute("fabric", "")] }, "attributes.0.label", /Enter a value/],
      [{ descriptionLength: { minWords: 300, maxWords: 200 } }, "descriptionLength.maxWords", /at least the fewest/],
      [{ descriptionLength: { minWords: 5, maxWords: 200 } }, "descriptionLength.minWords", /At least 20/],
      [{ descriptionLength: { minWords: null, maxWords: 200 } }, "descriptionLength.minWords", /Enter a number/],
      [{ tags: { maxNew: 80, maxLength: 40 } }, "tags.maxNew", /At most 50/],
      [{ forbiddenClaims: ["x"] }, "forbiddenClaims.0", /At least 2 characters/],
      [{ language: "not a language!" }, "language", /Choose a language/],
      [{ brandVoice: "b".repeat(2001) }, "brandVoice", /At most 2000 characters/],
      [{ attributes: Array.from({ length: 21 }, (_, i) => attribute(`a${i}`)) }, "attributes", /At most 20/],
    ];
    for (const [patch, field, message] of cases) {
      const response = await save(shop, submission(patch));
      expect(response.status).toBe(400);
      const body = await jsonOf(response);
      expect({ field, message: body.fieldErrors[field] }).toEqual({ field, message: expect.stringMatching(message) });
    }
    const unreadable = await save(shop, "{not json");
    expect(unreadable.status).toBe(400);
  });

  it("answers a valid save honestly while this installation cannot store settings", async () => {
    const shop = await installShop("settings-save");
    const page = await jsonOf(await callRoute(loader, await appRequest(shop, PAGE)));
    const response = await save(shop, submission({ brandVoice: "Short and bold." }, true));
    if (page.storable) {
      expect(response.status).toBe(200);
      const after = await jsonOf(await callRoute(loader, await appRequest(shop, PAGE)));
      expect(after.instructions.brandVoice).toBe("Short and bold.");
      expect(after.autoEnrichNewProducts).toBe(true);
    } else {
      expect(response.status).toBe(503);
      expect((await jsonOf(response)).message).toMatch(/cannot be saved yet/);
    }
  });
});

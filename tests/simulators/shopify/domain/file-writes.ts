// fileUpdate for product media images: alt text only (the app never replaces files). All or
// nothing, like Shopify: one unknown id or over-long alt fails the call with userErrors and
// nothing is written. Changing an image's alt moves its product's updatedAt forward.
import type { MediaImageRecord } from "./records";
import type { ShopData } from "./shop-data";

export interface FileUpdateInput {
  id: string;
  alt?: string | null;
  filename?: string | null;
  originalSource?: string | null;
  previewImageSource?: string | null;
  referencesToAdd?: string[] | null;
  referencesToRemove?: string[] | null;
}

export interface FilesUserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

const MAX_ALT_CHARS = 512;

export function updateFiles(shop: ShopData, files: FileUpdateInput[]): { files: MediaImageRecord[] | null; userErrors: FilesUserError[] } {
  const userErrors: FilesUserError[] = [];
  const targets: MediaImageRecord[] = [];
  files.forEach((input, i) => {
    const media = shop.mediaOwner.get(input.id)?.media.find((m) => m.id === input.id);
    if (!media) {
      userErrors.push({ field: ["files", String(i), "id"], message: `File id ${input.id} does not exist.`, code: "FILE_DOES_NOT_EXIST" });
      return;
    }
    if (input.alt != null && input.alt.length > MAX_ALT_CHARS) {
      userErrors.push({ field: ["files", String(i), "alt"], message: `The alt value exceeds the maximum limit of ${MAX_ALT_CHARS} characters.`, code: "ALT_VALUE_LIMIT_EXCEEDED" });
      return;
    }
    targets.push(media);
  });
  if (userErrors.length) return { files: null, userErrors };
  files.forEach((input, i) => {
    if (input.alt === undefined || input.alt === null) return;
    const media = targets[i]!;
    if (media.alt === input.alt) return;
    media.alt = input.alt;
    shop.touch(shop.mediaOwner.get(media.id)!);
  });
  return { files: targets, userErrors };
}

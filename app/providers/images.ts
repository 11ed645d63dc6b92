// Image inputs in the two forms providers read: a URL (https: or data:) or raw base64 bytes.
// Nothing here fetches a remote image; a provider that only reads bytes (Ollama) must be
// given bytes by the caller.
import { ProviderError } from "./provider-error";
import type { ImageInput } from "./types";

export interface DataUrl {
  mediaType: string;
  base64: string;
}

export function parseDataUrl(url: string): DataUrl | undefined {
  const match = /^data:([a-z0-9.+/-]+);base64,([A-Za-z0-9+/=\s]+)$/i.exec(url);
  return match ? { mediaType: match[1].toLowerCase(), base64: match[2].replace(/\s+/g, "") } : undefined;
}

/** A URL for providers that read image_url parts (base64 input becomes a data: URL). */
export function imageUrl(image: ImageInput): string {
  return "url" in image ? image.url : `data:${image.mediaType};base64,${image.base64}`;
}

/** Bytes for providers that need them; a remote URL is refused (we never fetch it here). */
export function imageBytes(image: ImageInput, providerId: string, providerName: string): DataUrl {
  if (!("url" in image)) return { mediaType: image.mediaType, base64: image.base64 };
  const data = parseDataUrl(image.url);
  if (data) return data;
  throw new ProviderError({
    kind: "bad_request",
    providerId,
    message: `${providerName} cannot read images from URLs; the image must be sent inline (base64).`,
  });
}

export function refuseImages(providerId: string, providerName: string): ProviderError {
  return new ProviderError({
    kind: "bad_request",
    providerId,
    message: `${providerName} does not accept images. Assign a vision-capable provider to image work.`,
  });
}

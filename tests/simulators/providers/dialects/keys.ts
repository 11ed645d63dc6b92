// Where each SDK puts its key.
import type { IncomingCall } from "../http-io";

/** `Authorization: Bearer <key>` (OpenAI, Mistral, the OpenAI SDK against Gemini/Ollama). */
export function bearerKey(call: IncomingCall): string | null {
  const match = /^Bearer\s+(.+)$/i.exec(call.headers.authorization ?? "");
  return match ? match[1].trim() : null;
}

/** Headers that carry credentials; never recorded. */
export const CREDENTIAL_HEADERS = ["authorization", "x-api-key", "api-key", "x-goog-api-key", "proxy-authorization"];

// The model lists of the shop's keys, each fetched once per page view from the key's provider
// (through the app's server: the key never reaches the browser) and shared by every picker.
import { useCallback, useRef, useState } from "react";

export interface ModelList {
  status: "loading" | "ready" | "failed";
  models: string[];
  /** "endpoint": the provider's list; "curated": the app's list (no models endpoint, or it failed). */
  source?: "endpoint" | "curated";
  /** Why the provider's list could not be read. */
  error?: string;
}

export function useModelCatalog(): { lists: Record<string, ModelList>; request(keyId: string): void } {
  const [lists, setLists] = useState<Record<string, ModelList>>({});
  const requested = useRef(new Set<string>());

  const request = useCallback((keyId: string) => {
    if (!keyId || requested.current.has(keyId)) return;
    requested.current.add(keyId);
    setLists((l) => ({ ...l, [keyId]: { status: "loading", models: [] } }));
    // App Bridge adds the session token to the app's own fetches.
    fetch(`/app/providers/${encodeURIComponent(keyId)}/models`)
      .then(async (response) => {
        const body = (await response.json()) as { models?: string[]; source?: "endpoint" | "curated"; error?: string };
        if (!response.ok || !body.models)
          throw new Error(body.error ?? `The model list could not be loaded (${response.status}).`);
        setLists((l) => ({ ...l, [keyId]: { status: "ready", models: body.models!, source: body.source, error: body.error } }));
      })
      .catch((error: unknown) => {
        requested.current.delete(keyId);
        const message = error instanceof Error ? error.message : "The model list could not be loaded.";
        setLists((l) => ({ ...l, [keyId]: { status: "failed", models: [], error: message } }));
      });
  }, []);

  return { lists, request };
}

// Webhook deliveries as Shopify makes them: a JSON POST signed with the app secret
// (X-Shopify-Hmac-Sha256 = base64 HMAC-SHA256 of the raw body) and Shopify's headers.
import { createHmac, randomUUID } from "node:crypto";

export interface WebhookDelivery {
  shop: string;
  /** As Shopify sends it in X-Shopify-Topic, e.g. "products/update" or "app/uninstalled". */
  topic: string;
  payload: unknown;
  /** The app's endpoint, e.g. http://127.0.0.1:3000/webhooks/app/uninstalled. */
  address: string;
  /** Reuse the same id to simulate Shopify's retries of one delivery. */
  webhookId?: string;
  eventId?: string;
  apiVersion?: string;
  triggeredAt?: string;
}

export function webhookHmac(secret: string, rawBody: string): string {
  return createHmac("sha256", secret).update(rawBody, "utf8").digest("base64");
}

export async function deliverWebhook(secret: string, delivery: WebhookDelivery, fetchImpl: typeof fetch = globalThis.fetch): Promise<{ status: number; webhookId: string }> {
  const body = JSON.stringify(delivery.payload);
  const webhookId = delivery.webhookId ?? randomUUID();
  const response = await fetchImpl(delivery.address, {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "User-Agent": "Shopify-Captain-Hook",
      "X-Shopify-Topic": delivery.topic,
      "X-Shopify-Hmac-Sha256": webhookHmac(secret, body),
      "X-Shopify-Shop-Domain": delivery.shop,
      "X-Shopify-API-Version": delivery.apiVersion ?? "2026-10",
      "X-Shopify-Webhook-Id": webhookId,
      "X-Shopify-Event-Id": delivery.eventId ?? randomUUID(),
      "X-Shopify-Triggered-At": delivery.triggeredAt ?? new Date().toISOString(),
    },
  });
  await response.arrayBuffer().catch(() => undefined); // drain, so the connection is reused
  return { status: response.status, webhookId };
}

// Session tokens as Shopify's admin issues them to an embedded app: an HS256 JWT signed with the
// app's API secret, valid for one minute. The app's `authenticate.admin` verifies exactly these
// claims (signature, exp/nbf, aud = API key) and takes the shop from `dest`.
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";

export interface SessionTokenClaims {
  shop: string;
  apiKey: string;
  apiSecret: string;
  /** The admin user the token speaks for. */
  userId?: string;
  /** The admin session id; one per admin page load in Shopify. */
  sid?: string;
  lifetimeSeconds?: number;
}

export async function signSessionToken({
  shop,
  apiKey,
  apiSecret,
  userId = "1001",
  sid = randomUUID(),
  lifetimeSeconds = 60,
}: SessionTokenClaims): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ dest: `https://${shop}`, sid })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(`https://${shop}/admin`)
    .setAudience(apiKey)
    .setSubject(userId)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + lifetimeSeconds)
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(apiSecret));
}

/** The `host` parameter Shopify's admin passes to an embedded app: base64 of the admin's store URL. */
export function adminHostParam(shop: string): string {
  return Buffer.from(`admin.shopify.com/store/${shopHandle(shop)}`).toString("base64");
}

export function shopHandle(shop: string): string {
  return shop.replace(/\.myshopify\.com$/, "");
}

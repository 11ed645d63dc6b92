// The demo shop's offline session, stored where the app looks for it (PrismaSessionStorage,
// id `offline_<shop>`), as if the merchant had installed the app: background work
// (`unauthenticated.admin(shop)`) and embedded requests then use its access token.
import { randomBytes } from "node:crypto";
import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { openPrisma } from "./database";

export interface OfflineSessionInput {
  databaseUrl: string;
  shop: string;
  accessToken: string;
  scope: string;
  refreshToken?: string;
}

const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;

export function offlineSessionId(shop: string): string {
  return `offline_${shop}`;
}

export async function storeOfflineSession(input: OfflineSessionInput): Promise<Session> {
  const farFuture = new Date(Date.now() + TEN_YEARS_MS);
  // Expiring offline tokens (the app's future flag) come with a refresh token; far-future
  // expiry keeps the library from refreshing during a demo.
  const session = new Session({
    id: offlineSessionId(input.shop),
    shop: input.shop,
    state: "",
    isOnline: false,
    scope: input.scope,
    accessToken: input.accessToken,
    expires: farFuture,
    refreshToken: input.refreshToken ?? `shprt_${randomBytes(16).toString("hex")}`,
    refreshTokenExpires: farFuture,
  });
  const prisma = openPrisma(input.databaseUrl);
  try {
    const storage = new PrismaSessionStorage(prisma);
    if (!(await storage.storeSession(session))) throw new Error(`could not store the offline session of ${input.shop}`);
    return session;
  } finally {
    await prisma.$disconnect();
  }
}

/** The stored offline session of `shop`, if any. */
export async function loadOfflineSession(databaseUrl: string, shop: string): Promise<Session | undefined> {
  const prisma = openPrisma(databaseUrl);
  try {
    return await new PrismaSessionStorage(prisma).loadSession(offlineSessionId(shop));
  } finally {
    await prisma.$disconnect();
  }
}

// Access tokens the simulator has issued: offline (optionally expiring, with a rotating refresh
// token), and online ones tied to a user. Only these open the GraphQL endpoint.
import { randomBytes } from "node:crypto";

export const DEFAULT_SCOPES = "read_products,write_products,read_translations,write_translations,read_locales,read_metafield_definitions,write_metafield_definitions,read_files,write_files";

/** Expiring offline tokens last an hour; their refresh tokens 90 days (Shopify's figures). */
const ACCESS_TTL_S = 3600;
const REFRESH_TTL_S = 90 * 24 * 3600;
const ONLINE_TTL_S = 86399;

interface AccessToken {
  shop: string;
  scope: string;
  kind: "offline" | "online";
  expiresAt: number | null;
  /** Non-expiring offline tokens can be exchanged once for an expiring pair. */
  migrated?: boolean;
}

interface RefreshToken {
  shop: string;
  scope: string;
  expiresAt: number;
  accessToken: string;
}

export interface TokenResponse {
  access_token: string;
  scope: string;
  expires_in?: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
  associated_user_scope?: string;
  associated_user?: Record<string, unknown>;
}

const token = (prefix: string) => `${prefix}_${randomBytes(16).toString("hex")}`;

export class AccessTokenRegistry {
  private readonly access = new Map<string, AccessToken>();
  private readonly refresh = new Map<string, RefreshToken>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  issueOffline(shop: string, scope = DEFAULT_SCOPES, expiring = false): TokenResponse {
    const value = token("shpat");
    if (!expiring) {
      this.access.set(value, { shop, scope, kind: "offline", expiresAt: null });
      return { access_token: value, scope };
    }
    this.access.set(value, { shop, scope, kind: "offline", expiresAt: this.now() + ACCESS_TTL_S * 1000 });
    const refreshValue = token("shprt");
    this.refresh.set(refreshValue, { shop, scope, expiresAt: this.now() + REFRESH_TTL_S * 1000, accessToken: value });
    return { access_token: value, scope, expires_in: ACCESS_TTL_S, refresh_token: refreshValue, refresh_token_expires_in: REFRESH_TTL_S };
  }

  issueOnline(shop: string, scope: string, user: Record<string, unknown>): TokenResponse {
    const value = token("shpua");
    this.access.set(value, { shop, scope, kind: "online", expiresAt: this.now() + ONLINE_TTL_S * 1000 });
    return { access_token: value, scope, expires_in: ONLINE_TTL_S, associated_user_scope: scope, associated_user: user };
  }

  /** The token's grant if it is valid for this shop now. */
  verify(shop: string, value: string | undefined): AccessToken | null {
    if (!value) return null;
    const grant = this.access.get(value);
    if (!grant || grant.shop !== shop || grant.migrated) return null;
    if (grant.expiresAt !== null && grant.expiresAt <= this.now()) return null;
    return grant;
  }

  /** Rotates: the old refresh token and its access token stop working. */
  useRefreshToken(shop: string, value: string): TokenResponse | null {
    const grant = this.refresh.get(value);
    if (!grant || grant.shop !== shop || grant.expiresAt <= this.now()) return null;
    this.refresh.delete(value);
    this.access.delete(grant.accessToken);
    return this.issueOffline(shop, grant.scope, true);
  }

  /** Exchanges a non-expiring offline token for an expiring pair; the old token stops working. */
  migrate(shop: string, value: string): TokenResponse | null {
    const grant = this.access.get(value);
    if (!grant || grant.shop !== shop || grant.kind !== "offline" || grant.expiresAt !== null || grant.migrated) return null;
    grant.migrated = true;
    return this.issueOffline(shop, grant.scope, true);
  }

  /** Test hook: makes a token expire now. */
  expire(value: string): void {
    const grant = this.access.get(value);
    if (grant) grant.expiresAt = this.now();
  }
}

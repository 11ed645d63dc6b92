// POST /admin/oauth/access_token as Shopify answers it: token exchange (a session token, i.e. an
// HS256 JWT signed with the app secret, for an offline or online access token), refresh of an
// expiring offline token, and migration of a non-expiring one.
import type { IncomingMessage, ServerResponse } from "node:http";
import { jwtVerify } from "jose";
import type { AccessTokenRegistry, TokenResponse } from "./access-tokens";
import { readBody, sendJson } from "./http-util";

const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
const OFFLINE = "urn:shopify:params:oauth:token-type:offline-access-token";
const ONLINE = "urn:shopify:params:oauth:token-type:online-access-token";

export interface OAuthConfig {
  apiKey: string;
  apiSecret: string;
  tokens: AccessTokenRegistry;
  scopes: string;
}

function fail(res: ServerResponse, status: number, error: string, description: string): void {
  sendJson(res, status, { error, error_description: description });
}

function parseParams(contentType: string, body: Buffer): Record<string, string> {
  const text = body.toString("utf8");
  if (contentType.includes("application/json")) {
    const json = JSON.parse(text || "{}") as Record<string, unknown>;
    return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, v === null || v === undefined ? "" : String(v)]));
  }
  return Object.fromEntries(new URLSearchParams(text));
}

async function verifySessionToken(config: OAuthConfig, shop: string, jwt: string): Promise<Record<string, unknown> | string> {
  try {
    const { payload } = await jwtVerify(jwt, new TextEncoder().encode(config.apiSecret), { algorithms: ["HS256"], clockTolerance: 10 });
    if (payload.aud !== config.apiKey) return "Subject token audience does not match the client";
    if (payload.dest !== `https://${shop}`) return "Subject token destination does not match the shop";
    return payload as Record<string, unknown>;
  } catch (error) {
    return `Subject token is invalid: ${(error as Error).message}`;
  }
}

function onlineUser(claims: Record<string, unknown>): Record<string, unknown> {
  const id = Number(claims.sub) || 1;
  return { id, first_name: "Merchant", last_name: `User ${id}`, email: `user${id}@example.com`, account_owner: true, locale: "en", collaborator: false, email_verified: true };
}

export async function handleAccessTokenRequest(config: OAuthConfig, shop: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let params: Record<string, string>;
  try {
    params = parseParams(String(req.headers["content-type"] ?? ""), await readBody(req, 1024 * 1024));
  } catch {
    return fail(res, 400, "invalid_request", "The request body could not be parsed.");
  }
  if (params.client_id !== config.apiKey || params.client_secret !== config.apiSecret) {
    return fail(res, 401, "invalid_client", "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.");
  }
  let issued: TokenResponse | null;
  if (params.grant_type === "refresh_token") {
    issued = config.tokens.useRefreshToken(shop, params.refresh_token ?? "");
    if (!issued) return fail(res, 400, "invalid_grant", "The refresh token is invalid, expired, or was already used.");
    return sendJson(res, 200, issued);
  }
  if (params.grant_type !== TOKEN_EXCHANGE) return fail(res, 400, "unsupported_grant_type", `The grant type '${params.grant_type ?? ""}' is not supported.`);
  const expiring = params.expiring === "1" || params.expiring === "true";
  if (params.subject_token_type === OFFLINE) {
    issued = params.requested_token_type === OFFLINE ? config.tokens.migrate(shop, params.subject_token ?? "") : null;
    if (!issued) return fail(res, 400, "invalid_subject_token", "The subject token is not a valid non-expiring offline access token for this shop.");
    return sendJson(res, 200, issued);
  }
  if (params.subject_token_type !== ID_TOKEN) return fail(res, 400, "invalid_request", "subject_token_type is invalid.");
  const claims = await verifySessionToken(config, shop, params.subject_token ?? "");
  if (typeof claims === "string") return fail(res, 400, "invalid_subject_token", claims);
  if (params.requested_token_type === OFFLINE) return sendJson(res, 200, config.tokens.issueOffline(shop, config.scopes, expiring));
  if (params.requested_token_type === ONLINE) return sendJson(res, 200, config.tokens.issueOnline(shop, config.scopes, onlineUser(claims)));
  return fail(res, 400, "invalid_request", "requested_token_type is invalid.");
}

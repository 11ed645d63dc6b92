// Small HTTP helpers for the simulator's node:http server.
import type { IncomingMessage, ServerResponse } from "node:http";
import { normalizeShopDomain } from "../store";

export class PayloadTooLarge extends Error {}

export async function readBody(req: IncomingMessage, maxBytes = 20 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new PayloadTooLarge(`request body over ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The shop a request is for: the routing wrapper sets x-forwarded-host; else the Host header. */
export function shopOf(req: IncomingMessage): string | null {
  const forwarded = req.headers["x-forwarded-host"];
  const host = (Array.isArray(forwarded) ? forwarded[0] : forwarded) ?? req.headers.host ?? "";
  const name = host.split(",")[0].trim().replace(/:\d+$/, "");
  if (!name || /^(\d+\.){3}\d+$/.test(name) || name === "localhost") return null;
  return normalizeShopDomain(name);
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

// Reading requests and writing replies: JSON and form bodies in, JSON/text/streamed bodies out.
import type { IncomingMessage, ServerResponse } from "node:http";

export interface IncomingCall {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON or form body; for GET, the query. */
  body: any;
  /** The body did not parse as its content type said. */
  malformedBody: boolean;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON, strings as they are. */
  body?: unknown;
  /** Sent one after another (server-sent events or NDJSON); `body` is ignored. */
  chunks?: string[];
}

/** Form fields; a repeated field (DeepL's `text=…&text=…`) becomes an array. */
export function parseForm(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const existing = out[key];
    out[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

export async function readCall(req: IncomingMessage): Promise<IncomingCall> {
  const url = new URL(req.url ?? "/", "http://simulator");
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  const contentType = headers["content-type"] ?? "";
  let body: any = undefined;
  let malformedBody = false;
  if (raw) {
    if (contentType.includes("application/x-www-form-urlencoded")) {
      body = parseForm(raw);
    } else {
      try {
        body = JSON.parse(raw);
      } catch {
        malformedBody = true;
        body = raw;
      }
    }
  } else if (req.method === "GET") {
    body = parseForm(url.search.slice(1));
  }
  return {
    method: req.method ?? "GET",
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    body,
    malformedBody,
  };
}

export async function sendReply(res: ServerResponse, reply: Reply): Promise<void> {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.chunks) {
    res.writeHead(reply.status, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", ...headers });
    for (const chunk of reply.chunks) {
      if (!res.write(chunk)) await new Promise((resolve) => res.once("drain", resolve));
    }
    res.end();
    return;
  }
  let payload = "";
  if (typeof reply.body === "string") {
    payload = reply.body;
    headers["content-type"] ??= "application/json";
  } else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers["content-type"] ??= "application/json";
  }
  headers["content-length"] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}

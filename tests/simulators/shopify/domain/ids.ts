// Global ids, timestamps and cursors in the formats Shopify uses.
import { createHash } from "node:crypto";

export function gid(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

const GID = /^gid:\/\/shopify\/([A-Za-z0-9]+)\/([^/?#]+)/;

export function parseGid(value: string): { type: string; id: string } | null {
  const match = GID.exec(value);
  return match ? { type: match[1], id: match[2] } : null;
}

export function isGid(value: unknown): value is string {
  return typeof value === "string" && GID.test(value);
}

export function numericId(value: string): number {
  const parsed = parseGid(value);
  const n = Number(parsed ? parsed.id : value);
  return Number.isFinite(n) ? n : 0;
}

/** Shopify returns second-precision UTC timestamps: 2026-07-02T22:44:07Z. */
export function timestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A timestamp strictly later than `previous`, so every write is visible to `updated_at:>` filters. */
export function laterTimestamp(previous: string | null | undefined, now: Date = new Date()): string {
  const prev = previous ? Date.parse(previous) : Number.NaN;
  const at = Number.isFinite(prev) && prev >= now.getTime() - 999 ? new Date(prev + 1000) : now;
  return timestamp(at);
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

/** Shopify's cursors are base64 JSON: {"last_id": 123, "last_value": "..."}. */
export function encodeCursor(lastId: number, lastValue: string | number): string {
  return Buffer.from(JSON.stringify({ last_id: lastId, last_value: String(lastValue) })).toString("base64");
}

export function decodeCursor(cursor: string): { lastId: number; lastValue: string } | null {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as { last_id?: unknown; last_value?: unknown };
    if (typeof parsed.last_id !== "number" || parsed.last_value === undefined) return null;
    return { lastId: parsed.last_id, lastValue: String(parsed.last_value) };
  } catch {
    return null;
  }
}

export function handleize(title: string): string {
  return (
    title
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 255) || "product"
  );
}

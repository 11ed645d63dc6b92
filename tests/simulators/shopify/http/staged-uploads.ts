// Staged uploads: the targets stagedUploadsCreate hands out, and the upload endpoint standing in
// for Google Cloud Storage. A POST target is a multipart form of every returned parameter with
// `file` last (GCS refuses fields after the file); a PUT target takes the raw body.
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { readBody } from "./http-util";

export interface StagedUploadInput {
  resource: string;
  filename: string;
  mimeType: string;
  httpMethod?: "POST" | "PUT" | null;
  fileSize?: string | null;
}

export interface StagedTarget {
  url: string;
  resourceUrl: string;
  parameters: { name: string; value: string }[];
}

interface Upload {
  shop: string;
  key: string;
  method: "POST" | "PUT";
  path: string | null;
}

const MAX_BYTES = 100 * 1024 * 1024;

function xml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "application/xml; charset=UTF-8" });
  res.end(`<?xml version='1.0' encoding='UTF-8'?>${body}`);
}

function gcsError(res: ServerResponse, status: number, code: string, message: string): void {
  xml(res, status, `<Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}

export class StagedUploadRegistry {
  private readonly uploads = new Map<string, Upload>();
  private readonly secret = randomBytes(32);
  private readonly directory = mkdtempSync(join(tmpdir(), "shopify-sim-uploads-"));
  baseUrl = "";

  private sign(key: string): string {
    return createHmac("sha256", this.secret).update(key).digest("hex");
  }

  createTarget(shop: string, input: StagedUploadInput): StagedTarget {
    const method = input.httpMethod === "PUT" ? "PUT" : "POST";
    const folder = input.resource === "BULK_MUTATION_VARIABLES" ? "bulk" : "products";
    const shopNumber = Math.abs([...shop].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7));
    const key = `tmp/${shopNumber}/${folder}/${randomUUID()}/${input.filename}`;
    this.uploads.set(key, { shop, key, method, path: null });
    const date = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
    const signature = this.sign(key);
    const objectUrl = `${this.baseUrl}/staged-uploads/${key}`;
    if (method === "PUT") {
      return {
        url: `${objectUrl}?X-Goog-Algorithm=GOOG4-HMAC-SHA256&X-Goog-Date=${date}&X-Goog-Signature=${signature}`,
        resourceUrl: objectUrl,
        parameters: [
          { name: "content_type", value: input.mimeType },
          { name: "acl", value: "private" },
        ],
      };
    }
    const policy = Buffer.from(
      JSON.stringify({ conditions: [{ "Content-Type": input.mimeType }, { success_action_status: "201" }, { acl: "private" }, ["content-length-range", 1, MAX_BYTES], { key }], expiration: new Date(Date.now() + 86_400_000).toISOString() }),
    ).toString("base64");
    return {
      url: `${this.baseUrl}/staged-uploads/`,
      resourceUrl: input.resource === "BULK_MUTATION_VARIABLES" ? `${this.baseUrl}/staged-uploads/` : objectUrl,
      parameters: [
        { name: "Content-Type", value: input.mimeType },
        { name: "success_action_status", value: "201" },
        { name: "acl", value: "private" },
        { name: "key", value: key },
        { name: "x-goog-date", value: date },
        { name: "x-goog-credential", value: `simulator@shopify-staged-uploads/${date.slice(0, 8)}/auto/storage/goog4_request` },
        { name: "x-goog-algorithm", value: "GOOG4-HMAC-SHA256" },
        { name: "x-goog-signature", value: signature },
        { name: "policy", value: policy },
      ],
    };
  }

  /** The uploaded file for a stagedUploadPath (the target's `key`, or a URL ending in it). */
  filePath(shop: string, stagedUploadPath: string): string | null {
    const key = stagedUploadPath.replace(/^.*\/staged-uploads\//, "").replace(/\?.*$/, "");
    const upload = this.uploads.get(key);
    return upload && upload.shop === shop ? upload.path : null;
  }

  private store(upload: Upload, content: Buffer): void {
    const path = join(this.directory, upload.key);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    upload.path = path;
  }

  /** Handles POST /staged-uploads/ (multipart) and PUT /staged-uploads/<key>. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method === "PUT") {
      const key = decodeURIComponent(url.pathname.replace(/^\/staged-uploads\//, ""));
      const upload = this.uploads.get(key);
      if (!upload || upload.method !== "PUT" || url.searchParams.get("X-Goog-Signature") !== this.sign(key)) {
        return gcsError(res, 403, "SignatureDoesNotMatch", "Access denied.");
      }
      const body = await readBody(req, MAX_BYTES);
      this.store(upload, body);
      res.writeHead(200, { etag: `"${randomBytes(8).toString("hex")}"` });
      res.end();
      return;
    }
    if (req.method !== "POST") return gcsError(res, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
    const body = await readBody(req, MAX_BYTES + 1024 * 1024);
    let form: FormData;
    try {
      form = await new Request("http://upload.local/", { method: "POST", headers: { "content-type": req.headers["content-type"] ?? "" }, body: new Uint8Array(body) }).formData();
    } catch {
      return gcsError(res, 400, "InvalidArgument", "Invalid argument: the request is not a valid multipart/form-data body.");
    }
    const names = [...form.keys()];
    const key = form.get("key");
    const upload = typeof key === "string" ? this.uploads.get(key) : undefined;
    if (!upload || upload.method !== "POST" || form.get("x-goog-signature") !== this.sign(upload.key) || !form.get("policy")) {
      return gcsError(res, 403, "AccessDenied", "Access denied.");
    }
    const file = form.get("file");
    if (!(file instanceof Blob)) return gcsError(res, 400, "InvalidArgument", "Cannot create an object without a file field.");
    if (names[names.length - 1] !== "file") return gcsError(res, 400, "InvalidArgument", "The file field must be the last field in the form.");
    const content = Buffer.from(await file.arrayBuffer());
    if (content.length === 0 || content.length > MAX_BYTES) return gcsError(res, 400, "EntityTooSmall", "Your proposed upload is smaller than the minimum object size specified in your Policy Document.");
    this.store(upload, content);
    xml(res, 201, `<PostResponse><Location>${this.baseUrl}/staged-uploads/${upload.key}</Location><Bucket>shopify-staged-uploads</Bucket><Key>${upload.key}</Key><ETag>"${randomBytes(16).toString("hex")}"</ETag></PostResponse>`);
  }

  close(): void {
    rmSync(this.directory, { recursive: true, force: true });
  }
}

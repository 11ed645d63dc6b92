// A JSONL result file being written: counts objects, root objects and bytes as Shopify reports them.
import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";

export class JsonlResultFile {
  private readonly stream: WriteStream;
  objectCount = 0;
  rootObjectCount = 0;
  bytes = 0;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, "utf8");
  }

  async write(object: unknown, isRoot: boolean): Promise<void> {
    const line = `${JSON.stringify(object)}\n`;
    this.objectCount++;
    if (isRoot) this.rootObjectCount++;
    this.bytes += Buffer.byteLength(line);
    if (!this.stream.write(line)) await once(this.stream, "drain");
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, "finish");
  }
}

// The real built app (Remix build served by remix-serve) as a child process, for the demo and
// for tests that need the app end to end. The child never outlives its parent: it exits when
// its stdin (a pipe from the parent) closes, which happens however the parent ends.
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const REMIX_CLI = path.join(REPO_ROOT, "node_modules/@remix-run/dev/dist/cli.js");
const REMIX_SERVE = path.join(REPO_ROOT, "node_modules/@remix-run/serve/dist/cli.js");
const EXIT_WITH_PARENT = "data:text/javascript,process.stdin.on('end',()=>process.exit(0)).on('error',()=>process.exit(0)).resume()";

/** Node 22+ (the app's libraries need it); under `npm run` / `npx` this is node_modules/.bin/node. */
export function nodeBinary(): string {
  const major = Number(process.versions.node.split(".")[0]);
  if (major < 22) throw new Error(`Node ${process.versions.node} runs this; the app needs Node 22 (use npm run / npx)`);
  return process.execPath;
}

/** A minimal environment for children: no variable of this process leaks in unless named. */
export function childEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env = {} as NodeJS.ProcessEnv;
  for (const name of ["PATH", "HOME", "LANG", "TMPDIR", "TZ"]) if (process.env[name]) env[name] = process.env[name];
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) env[name] = value;
  return env;
}

/** `remix build` → build/index.js and public/build. */
export function runRemixBuild(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      nodeBinary(),
      [REMIX_CLI, "build"],
      { cwd: REPO_ROOT, env: childEnv({ NODE_ENV: "production" }), maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(`remix build failed:\n${stdout}${stderr}`)) : resolve()),
    );
  });
}

const BUILD_STAMP = path.join(REPO_ROOT, "build/version.txt");
const BUILD_INPUTS = ["app", "remix.config.js", "package-lock.json", "tsconfig.json"];

function newestChange(file: string): number {
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(file).reduce((newest, name) => Math.max(newest, newestChange(path.join(file, name))), stat.mtimeMs);
}

/** Whether build/ is older than the app's sources. */
export function appBuildIsStale(): boolean {
  if (!existsSync(BUILD_STAMP) || !existsSync(path.join(REPO_ROOT, "build/index.js"))) return true;
  const built = statSync(BUILD_STAMP).mtimeMs;
  return BUILD_INPUTS.some((input) => existsSync(path.join(REPO_ROOT, input)) && newestChange(path.join(REPO_ROOT, input)) > built);
}

/** Takes turns with other processes (test files in parallel, a demo beside a test run). */
async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  const lock = path.join(REPO_ROOT, "tmp/app-build.lock");
  mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // A lock left by a killed process is stale after two minutes.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited too long for ${lock}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

// Outside the checkout, so that no tool scanning the project (tsc, vitest) sees the copies.
const SNAPSHOTS = path.join(tmpdir(), `byok-enrich-builds-${createHash("sha256").update(REPO_ROOT).digest("hex").slice(0, 8)}`);
const SNAPSHOT_MAX_AGE_MS = 12 * 3600 * 1000;
/** Copied into a snapshot; every other top-level entry is linked (node_modules, app, prisma, …). */
const COPIED = new Set(["build", "public"]);
const NOT_LINKED = new Set([".git", ".cache", "tmp"]);

/**
 * The app as built now, in a folder of its own: builds first when the sources changed (unless
 * `rebuild` is false), then copies build/ and public/ to <os tmp>/byok-enrich-builds-…/<build
 * version>/, with links to the rest of the checkout. A running app serves from its snapshot, so
 * a rebuild started by another process (sources edited meanwhile) never removes its files.
 * Returns the snapshot's folder: run the app there.
 */
export async function prepareAppBuild({ rebuild = true }: { rebuild?: boolean } = {}): Promise<string> {
  return withBuildLock(async () => {
    if (rebuild && appBuildIsStale()) await runRemixBuild();
    if (!existsSync(BUILD_STAMP)) throw new Error("the app is not built (build/version.txt missing)");
    const version = readFileSync(BUILD_STAMP, "utf8").trim();
    const snapshot = path.join(SNAPSHOTS, version);
    const complete = path.join(snapshot, ".complete");
    if (!existsSync(complete)) {
      rmSync(snapshot, { recursive: true, force: true });
      mkdirSync(snapshot, { recursive: true });
      for (const name of readdirSync(REPO_ROOT)) {
        if (NOT_LINKED.has(name)) continue;
        const source = path.join(REPO_ROOT, name);
        if (COPIED.has(name)) cpSync(source, path.join(snapshot, name), { recursive: true });
        else symlinkSync(source, path.join(snapshot, name));
      }
      writeFileSync(complete, "");
    }
    const now = new Date();
    utimesSync(snapshot, now, now);
    // Snapshots nobody started an app from for half a day are gone.
    for (const name of readdirSync(SNAPSHOTS)) {
      const dir = path.join(SNAPSHOTS, name);
      if (dir !== snapshot && Date.now() - statSync(dir).mtimeMs > SNAPSHOT_MAX_AGE_MS) rmSync(dir, { recursive: true, force: true });
    }
    return snapshot;
  });
}

/** A port nothing listens on right now. */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface AppServerOptions {
  /** Where the built app is (a folder from prepareAppBuild, or the checkout itself). */
  appDir?: string;
  /** Environment of the app (SHOPIFY_API_KEY, SHOPIFY_APP_URL, DATABASE_URL, …); PORT is set here. */
  env: Record<string, string | undefined>;
  /** Modules loaded with `node --import` before the app (e.g. "tsx" and a fetch preload). */
  imports?: string[];
  port?: number;
  host?: string;
  /** Each line the app prints (stdout and stderr). */
  onOutput?: (line: string) => void;
  readyTimeoutMs?: number;
}

export interface AppServer {
  url: string;
  port: number;
  pid: number;
  /** The app's last lines of output (for error messages). */
  output(): string;
  close(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function killOnExit(child: ChildProcess) {
  running.add(child);
  child.once("exit", () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const c of running) c.kill("SIGKILL");
  });
}

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? (await freePort(host));
  const imports = [EXIT_WITH_PARENT, ...(options.imports ?? [])].flatMap((m) => ["--import", m]);
  const child = spawn(nodeBinary(), [...imports, REMIX_SERVE, "build/index.js"], {
    cwd: options.appDir ?? REPO_ROOT,
    env: childEnv({ NODE_ENV: "production", ...options.env, PORT: String(port), HOST: host }),
    stdio: ["pipe", "pipe", "pipe"],
  });
  killOnExit(child);

  const lines: string[] = [];
  const listeners: ((line: string) => void)[] = [];
  const onChunk = (buffer: string) => (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      lines.push(line);
      if (lines.length > 200) lines.shift();
      options.onOutput?.(line);
      for (const listener of listeners) listener(line);
    }
  };
  child.stdout!.on("data", onChunk(""));
  child.stderr!.on("data", onChunk(""));
  const output = () => lines.join("\n");

  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the app did not start within ${options.readyTimeoutMs ?? 30_000} ms:\n${output()}`));
    }, options.readyTimeoutMs ?? 30_000);
    listeners.push((line) => {
      if (line.includes(`[remix-serve] http://localhost:${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited (code ${code}) before it was ready:\n${output()}`));
    });
  });

  return {
    url: `http://${host}:${port}`,
    port,
    pid: child.pid!,
    output,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // Closing stdin ends the app at once (see EXIT_WITH_PARENT); signals only if it hangs.
      child.stdin!.end();
      const term = setTimeout(() => child.kill("SIGTERM"), 2000);
      const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(term);
      clearTimeout(kill);
    },
  };
}

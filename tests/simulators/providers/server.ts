// AI provider simulators: one HTTP server per provider kind, speaking the wire format its
// official SDK expects (see README.md for the base URL each SDK takes). Every request goes
// through the same pipeline: latency → route → key → validation → injected fault → rate
// limit → deterministic answer with usage and the provider's headers.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DeeplAccount } from "./deepl/account";
import { anthropicDialect } from "./dialects/anthropic";
import { deeplDialect } from "./dialects/deepl";
import type { Dialect, GenerationPlan, LimitSnapshot, RouteResult, SimulatorState } from "./dialects/dialect";
import { geminiDialect } from "./dialects/gemini";
import { CREDENTIAL_HEADERS } from "./dialects/keys";
import { mistralDialect } from "./dialects/mistral";
import { ollamaDialect } from "./dialects/ollama";
import { openAiDialect } from "./dialects/openai";
import { FaultQueue, faultDelay, faultStatus } from "./faults";
import { readCall, sendReply, type IncomingCall, type Reply } from "./http-io";
import { RateLimiter } from "./rate-limiter";
import type {
  Fault,
  ProviderKind,
  ProviderSimulator,
  ProviderSimulatorOptions,
  RecordedRequest,
  SimulatorLimits,
  SimulatorStats,
} from "./types";
import { AutomaticPrefixCache, BreakpointCache } from "./usage/prompt-cache";

export type {
  Fault,
  FaultKind,
  ProviderKind,
  ProviderSimulator,
  ProviderSimulatorOptions,
  RecordedRequest,
  SimulatorLimits,
  SimulatorStats,
} from "./types";

export const DIALECTS: Record<ProviderKind, Dialect> = {
  openai: openAiDialect,
  anthropic: anthropicDialect,
  mistral: mistralDialect,
  deepl: deeplDialect,
  gemini: geminiDialect,
  ollama: ollamaDialect,
};

/** Recorded requests kept per simulator (oldest dropped first), so a long demo run stays small. */
const MAX_RECORDED = 10_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function emptyStats(): SimulatorStats {
  return { requests: 0, throttled: 0, inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, characters: 0 };
}

function isPlan(result: RouteResult): result is GenerationPlan {
  return (result as GenerationPlan).kind === "generation";
}

function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.includes(name)));
}

export async function startProviderSimulator(options: ProviderSimulatorOptions): Promise<ProviderSimulator> {
  const dialect = DIALECTS[options.kind];
  if (!dialect) throw new Error(`Unknown provider kind: ${options.kind}`);

  const initialLimits: SimulatorLimits = { rpm: options.rpm, tpm: options.tpm, latencyMs: options.latencyMs ?? 0 };
  let latencyMs = initialLimits.latencyMs ?? 0;
  const limiter = new RateLimiter(options.rpm, options.tpm);
  const faults = new FaultQueue();
  let recorded: RecordedRequest[] = [];
  let stats = emptyStats();
  const state: SimulatorState = {
    kind: options.kind,
    models: options.models ?? dialect.defaultModels,
    automaticCache: new AutomaticPrefixCache(),
    breakpointCache: new BreakpointCache(),
    deepl: new DeeplAccount(options.characterQuota),
  };

  function withHeaders(reply: Reply, limits: LimitSnapshot): Reply {
    return { ...reply, headers: { ...dialect.responseHeaders(limits), ...reply.headers } };
  }

  function faultReply(fault: Fault, status: number, call: IncomingCall): Reply {
    if (fault.body === undefined) return dialect.faultReply(status, fault, call);
    const headers = fault.retryAfterSeconds !== undefined ? { "retry-after": String(fault.retryAfterSeconds) } : undefined;
    return { status, body: fault.body, headers };
  }

  async function answer(call: IncomingCall): Promise<Reply> {
    if (latencyMs > 0) await sleep(latencyMs);
    const route = dialect.routes.find((r) => r.method === call.method && r.pattern.test(call.path));
    if (!route) return withHeaders(dialect.notFound(call), {});

    let apiKey = "";
    if (dialect.checksKeys) {
      const presented = dialect.presentedKey(call);
      if (!presented || (options.keys && !options.keys.includes(presented))) {
        return withHeaders(dialect.authError(presented), {});
      }
      apiKey = presented;
    }

    const params = { ...route.pattern.exec(call.path)?.groups };
    const result = await route.handle({ call, params, apiKey, state });
    if (!isPlan(result)) return withHeaders(result, limiter.peek(apiKey));

    const fault = faults.take();
    const delay = faultDelay(fault);
    if (delay > 0) await sleep(delay);
    const status = fault && faultStatus(fault);
    if (fault && status) return withHeaders(faultReply(fault, status, call), limiter.peek(apiKey));

    const decision = limiter.admit(apiKey, result.rateTokens);
    if (!decision.allowed) {
      const reply = dialect.rateLimited({
        exceeded: decision.exceeded!,
        retryAfterMs: decision.retryAfterMs,
        decision,
        model: result.model,
        requestedTokens: result.rateTokens,
      }, call);
      return withHeaders(reply, decision);
    }
    const { reply, usage } = result.respond(fault);
    stats.inputTokens += usage.inputTokens ?? 0;
    stats.cachedInputTokens += usage.cachedInputTokens ?? 0;
    stats.outputTokens += usage.outputTokens ?? 0;
    stats.characters += usage.characters ?? 0;
    return withHeaders(reply, decision);
  }

  function inject(fault: Fault) {
    faults.push(fault);
  }

  function setLimits(limits: SimulatorLimits) {
    if ("rpm" in limits || "tpm" in limits) {
      limiter.setLimits({ ...("rpm" in limits ? { rpm: limits.rpm } : {}), ...("tpm" in limits ? { tpm: limits.tpm } : {}) });
    }
    if (limits.latencyMs !== undefined) latencyMs = limits.latencyMs;
  }

  function reset() {
    faults.clear();
    recorded = [];
    stats = emptyStats();
    limiter.setLimits({ rpm: initialLimits.rpm, tpm: initialLimits.tpm });
    latencyMs = initialLimits.latencyMs ?? 0;
    state.automaticCache.clear();
    state.breakpointCache.clear();
    state.deepl.reset();
  }

  /** /__sim/*: lets another process (the demo) drive the simulator. */
  function control(call: IncomingCall): Reply {
    const route = `${call.method} ${call.path}`;
    switch (route) {
      case "POST /__sim/faults": {
        const list: Fault[] = Array.isArray(call.body) ? call.body : [call.body ?? {}];
        list.forEach(inject);
        return { status: 200, body: { queued: list.length } };
      }
      case "DELETE /__sim/faults":
        faults.clear();
        return { status: 204 };
      case "POST /__sim/limits":
        setLimits(call.body ?? {});
        return { status: 200, body: { ok: true } };
      case "GET /__sim/stats":
        return { status: 200, body: { ...stats } };
      case "GET /__sim/requests":
        return { status: 200, body: recorded };
      case "POST /__sim/reset":
        reset();
        return { status: 200, body: { ok: true } };
      default:
        return { status: 404, body: { error: `No control endpoint ${route}` } };
    }
  }

  const server: Server = createServer((req, res) => {
    (async () => {
      const call = await readCall(req);
      if (call.path.startsWith("/__sim/")) return sendReply(res, control(call));
      const entry: RecordedRequest = {
        method: call.method,
        path: call.path,
        query: call.query,
        model: typeof call.body?.model === "string" ? call.body.model : undefined,
        headers: withoutCredentials(call.headers),
        body: call.body,
        receivedAt: Date.now(),
      };
      recorded.push(entry);
      if (recorded.length > MAX_RECORDED) recorded.splice(0, recorded.length - MAX_RECORDED);
      stats.requests++;
      const reply = await answer(call);
      entry.status = reply.status;
      if (reply.status === 429) stats.throttled++;
      await sendReply(res, reply);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`provider simulator failure: ${error instanceof Error ? error.stack : String(error)}`);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    kind: options.kind,
    url: `http://127.0.0.1:${port}`,
    port,
    inject,
    setLimits,
    requests: () => recorded.map((r) => ({ ...r })),
    stats: () => ({ ...stats }),
    reset,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// The loop every family shares around its one-call function: ask, parse with zod, and on an
// unusable answer ask ONCE more with the problem spelled out; then give up with a clear
// `invalid_output`. A cut-off answer (`length`/`max_tokens`) is `truncated`, never repaired:
// asking again with the same limit would be cut off again.
import type { z } from "zod";
import { ProviderError } from "./provider-error";
import { parseAnswer } from "./output-schema";
import { redact } from "../vault/redact";
import { addUsage, EMPTY_USAGE, type NormalizedUsage } from "./usage";
import type { ErrorContext } from "./error-mapping";
import type { GenerateRequest, GenerateResult, RateLimitSnapshot } from "./types";

export type FinishKind = "stop" | "length" | "refusal" | "filtered" | "other";

/** What one provider call produced, in the family's terms already normalised. */
export interface CallOutcome {
  /** The answer text, or an already-parsed object (a tool call's input). */
  answer: string | Record<string, unknown> | undefined;
  finish: FinishKind;
  usage: NormalizedUsage;
  raw: unknown;
  model: string;
  rateLimit?: RateLimitSnapshot;
  /** The model's refusal text, when it declined. */
  refusal?: string;
}

/** The previous answer and what was wrong with it; the family appends both as turns. */
export interface RepairTurn {
  previousAnswer: string;
  instruction: string;
}

export function repairInstruction(schemaName: string, problem: string): string {
  return (
    `Your previous answer could not be used: ${problem}. ` +
    `Reply again with only the corrected JSON object for "${schemaName}", matching the required schema exactly, ` +
    `with no commentary and no code fences.`
  );
}

function answerText(answer: CallOutcome["answer"]): string {
  if (answer === undefined) return "";
  const text = typeof answer === "string" ? answer : JSON.stringify(answer);
  // Enough for the model to see its mistake without resending a huge answer.
  return text.length > 8000 ? `${text.slice(0, 8000)}…` : text;
}

export async function generateStructured<T>(
  request: GenerateRequest<T>,
  ctx: ErrorContext,
  callOnce: (repair: RepairTurn | undefined) => Promise<CallOutcome>,
): Promise<GenerateResult<T>> {
  const started = Date.now();
  let usage: NormalizedUsage = EMPTY_USAGE;
  let repair: RepairTurn | undefined;
  let lastProblem = "";

  for (let call = 1; call <= 2; call++) {
    let outcome: CallOutcome;
    try {
      outcome = await callOnce(repair);
    } catch (error) {
      if (error instanceof ProviderError && call > 1) throw error.with({ usage: addUsage(usage, error.usage ?? EMPTY_USAGE) });
      throw error;
    }
    usage = addUsage(usage, outcome.usage);

    if (outcome.finish === "length") {
      const limit = request.maxOutputTokens ? ` (${request.maxOutputTokens} tokens)` : "";
      throw new ProviderError({
        kind: "truncated",
        message: `${ctx.providerName}'s answer was cut off at the output limit${limit} before it was complete. Raise the maximum output tokens for this task, or ask for less.`,
        providerId: ctx.providerId,
        usage,
        rateLimit: outcome.rateLimit,
      });
    }

    const parsed =
      outcome.finish === "refusal"
        ? ({ ok: false, problem: `the model declined to answer${outcome.refusal ? ` (${outcome.refusal})` : ""}` } as const)
        : parseAnswer(outcome.answer, request.schema as z.ZodType<T>);
    if (parsed.ok) {
      return {
        object: parsed.value,
        usage,
        raw: outcome.raw,
        model: outcome.model,
        latencyMs: Date.now() - started,
        calls: call,
        rateLimit: outcome.rateLimit,
      };
    }
    lastProblem = parsed.problem;
    repair = { previousAnswer: answerText(outcome.answer), instruction: repairInstruction(request.schemaName, parsed.problem) };
  }

  throw new ProviderError({
    kind: "invalid_output",
    message: `${ctx.providerName}'s answer did not match the expected format, even after one corrected retry. The item was not changed.`,
    providerId: ctx.providerId,
    detail: redact(lastProblem, ctx.secrets),
    usage,
  });
}

// Text that may have passed near a key (provider error messages, SDK errors that echo headers or
// the key itself: "Incorrect API key provided: sk-…") is cleaned before it is kept, logged or
// shown: the exact key when we know it, and anything shaped like a credential. The one place
// for this, used by the vault, the provider adapters and the ledger.

const REDACTED = "[redacted]";

type Replacer = (match: string, ...groups: string[]) => string;

const CREDENTIAL_PATTERNS: Array<[RegExp, Replacer]> = [
  // Header values: "Authorization: Bearer …", "DeepL-Auth-Key …", "Basic …", "Token …".
  [/\b(Bearer|DeepL-Auth-Key|Basic|Token)\s+[^\s"',;}]+/gi, (_m, scheme) => `${scheme} ${REDACTED}`],
  // Named credentials (api-key: …, x-api-key=…, "auth_key":"…", ?key=…): keep the name so the
  // message still says what was wrong.
  [
    /\b((?:x-)?api[-_]?key|auth[-_]?key|access[-_]?token|authorization|key|token|secret)(["']?\s*[:=]\s*["']?)[^\s"',;&}]+/gi,
    (_m, name, separator) => `${name}${separator}${REDACTED}`,
  ],
  // Well-known key shapes: sk-… (OpenAI, Anthropic sk-ant-, DeepSeek, OpenRouter sk-or-),
  // gsk_ (Groq), xai-, pplx-, fw_, tgp_ (Together), r8_ (Replicate), AIza… (Google).
  [/\b(?:sk|gsk|xai|pplx|fw|tgp|r8)[-_][A-Za-z0-9_*.-]{6,}/g, () => REDACTED],
  [/\bAIza[0-9A-Za-z_-]{20,}/g, () => REDACTED],
  // Keys the provider masked itself ("sk-*********abcd"): the visible ends are still the key's.
  [/[A-Za-z0-9_-]{0,8}\*{4,}[A-Za-z0-9_-]{0,8}/g, () => REDACTED],
  // DeepL keys (uuid, ":fx" for Free).
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?::fx)?\b/gi, () => REDACTED],
];

// Long mixed letter/digit runs (Mistral, Together and similar opaque keys).
const OPAQUE_TOKEN = /\b[A-Za-z0-9_-]{32,}\b/g;

/** Removes every occurrence of each given secret (exact match). */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | null | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** Removes anything shaped like a credential. Keeps the rest of the message readable. */
export function redactCredentials(text: string): string {
  let out = text;
  for (const [pattern, replacer] of CREDENTIAL_PATTERNS) out = out.replace(pattern, replacer as (m: string, ...a: unknown[]) => string);
  return out.replace(OPAQUE_TOKEN, (match) => (/[0-9]/.test(match) && /[A-Za-z]/.test(match) ? REDACTED : match));
}

/**
 * A provider or network error message made safe to store and show: credentials removed,
 * control characters flattened, length bounded.
 */
export function sanitizeErrorMessage(
  text: unknown,
  options: { secrets?: ReadonlyArray<string | null | undefined>; maxLength?: number } = {},
): string {
  const raw = typeof text === "string" ? text : text instanceof Error ? text.message : String(text ?? "");
  const cleaned = redactCredentials(redactSecrets(raw, options.secrets ?? []))
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .trim();
  const max = options.maxLength ?? 500;
  return cleaned.length > max ? `${cleaned.slice(0, max - 1)}…` : cleaned;
}

/** Removes the given secrets and anything credential-shaped; bounds the length (adapters' errors). */
export function redact(text: string, secrets: ReadonlyArray<string | null | undefined> = [], maxLength = 600): string {
  return sanitizeErrorMessage(text, { secrets, maxLength });
}

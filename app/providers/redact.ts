// Provider and network errors can echo request headers or the key itself ("Incorrect API key
// provided: sk-…"). Every text taken from an SDK error passes through here before it is kept.

const REDACTED = "[redacted]";

const CREDENTIAL_PATTERNS: Array<[RegExp, (match: string, ...groups: string[]) => string]> = [
  // Header values: "Authorization: Bearer …", "DeepL-Auth-Key …", "Basic …".
  [/\b(Bearer|DeepL-Auth-Key|Basic)\s+[^\s"',;}]+/gi, (_m, scheme) => `${scheme} ${REDACTED}`],
  // Named credentials: api-key: …, x-api-key=…, "auth_key":"…", ?key=… (Gemini native).
  [
    /\b((?:x-)?api[-_]?key|auth[-_]?key|access[-_]?token|authorization|key|secret)(["']?\s*[:=]\s*["']?)[^\s"',;&}]+/gi,
    (_m, name, separator) => `${name}${separator}${REDACTED}`,
  ],
  // Well-known key shapes: sk-… (OpenAI, Anthropic sk-ant-, DeepSeek, OpenRouter sk-or-),
  // gsk_ (Groq), xai-, pplx-, fw_, tgp_ (Together), AIza… (Google), uuid:fx (DeepL Free).
  [/\b(?:sk|gsk|xai|pplx|fw|tgp|r8)[-_][A-Za-z0-9_*.-]{6,}/g, () => REDACTED],
  [/\bAIza[0-9A-Za-z_-]{20,}/g, () => REDACTED],
  // Keys the provider masked itself ("sk-*********abcd"): the visible ends are still the key's.
  [/[A-Za-z0-9_-]{0,8}\*{4,}[A-Za-z0-9_-]{0,8}/g, () => REDACTED],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?::fx)?\b/gi, () => REDACTED],
];

// Long opaque letter+digit runs (Mistral, Azure and similar keys without a prefix).
const OPAQUE_TOKEN = /\b[A-Za-z0-9_-]{32,}\b/g;

/** Removes each secret verbatim, plus anything shaped like a credential; bounds the length. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined> = [], maxLength = 600): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  for (const [pattern, replace] of CREDENTIAL_PATTERNS) {
    out = out.replace(pattern, replace as (m: string, ...a: unknown[]) => string);
  }
  out = out
    .replace(OPAQUE_TOKEN, (match) => (/[0-9]/.test(match) && /[A-Za-z]/.test(match) ? REDACTED : match))
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .trim();
  return out.length > maxLength ? `${out.slice(0, maxLength - 1)}…` : out;
}

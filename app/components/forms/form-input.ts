// What the app's page actions share: reading a posted form as strings, turning zod issues into
// one message per form field (shown inline by Polaris fields), and the shape every action
// answers with, so each page's toasts and inline errors are handled the same way.
import type { z } from "zod";

/** Field name → the message shown under that field. */
export type FieldErrors = Record<string, string>;

export type ActionResult =
  | { ok: true; intent: string; message: string; id?: string }
  | { ok: false; intent: string; message: string; fieldErrors?: FieldErrors; id?: string; kind?: string };

/** The form's text values (files are dropped: no page of this app uploads any). */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of formData.entries()) if (typeof value === "string") values[name] = value;
  return values;
}

/** The first message per field; issues without a field path go under "form". */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? issue.path.map(String).join(".") : "form";
    errors[field] ??= issue.message;
  }
  return errors;
}

/** Settings fields are posted as `setting.<name>`. */
export function prefixedValues(values: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) if (name.startsWith(prefix)) out[name.slice(prefix.length)] = value;
  return out;
}

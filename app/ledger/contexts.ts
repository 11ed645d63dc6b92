// The kinds of work a merchant assigns a provider + model to. Ledger rows, budgets and
// assignments name them by id; labels are how the UI and budget messages say them.
export const WORK_CONTEXTS = [
  { id: "enrichment", label: "batch enrichment" },
  { id: "copilot", label: "copilot" },
  { id: "translation", label: "translation" },
  { id: "vision", label: "vision and tagging" },
  { id: "compliance", label: "compliance extraction" },
  { id: "confidential", label: "self-hosted confidential" },
] as const;

export type WorkContext = (typeof WORK_CONTEXTS)[number]["id"];

export function isWorkContext(value: string): value is WorkContext {
  return WORK_CONTEXTS.some((c) => c.id === value);
}

export function contextLabel(context: string): string {
  return WORK_CONTEXTS.find((c) => c.id === context)?.label ?? context;
}

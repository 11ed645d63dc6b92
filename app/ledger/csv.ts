// RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled, lines end
// in CRLF. Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is
// prefixed with ' — provider error messages and model names are not ours to trust.
export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "string" ? value : String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: ReadonlyArray<CsvCell>): string {
  return `${cells.map(csvField).join(",")}\r\n`;
}

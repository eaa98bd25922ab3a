/**
 * The one spreadsheet-safety rule of every CSV and XLSX the console writes (records exports,
 * billing exports): a text cell that a spreadsheet would run as a formula — one beginning with
 * "=", "+", "-", "@", a tab or a carriage return — is written with a leading apostrophe, so an
 * app name like `=HYPERLINK(…)` reaches Excel as text. Plain numbers written as text ("-20101"
 * is a carrier code) are left alone: they cannot run, and auditors search for them verbatim.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** Whether a text cell would be taken for a formula by a spreadsheet. */
export function looksLikeFormula(s: string): boolean {
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s);
}

/** A text cell made safe for a spreadsheet (unchanged unless it looks like a formula). */
export function spreadsheetSafe(s: string): string {
  return looksLikeFormula(s) ? `'${s}` : s;
}

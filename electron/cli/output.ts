import { CommanderError } from 'commander';
import { ApiError } from '../../shared/contract/errors';

/** Exit codes of every command: 0 ok, 1 failure, 2 usage error. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Thrown by a command that has already printed its outcome and only needs a non-zero exit code. */
export class QuietExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'QuietExit';
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Exactly one line of JSON: what other programs wait for (the `ready` lines of serve and emulator). */
export function printJsonLine(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** One line per error on stderr; with --json the error object on stdout as well. */
export function reportError(e: unknown, json: boolean): number {
  if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  if (e instanceof QuietExit) return e.exitCode;
  if (e instanceof UsageError) {
    process.stderr.write(`onetap: ${e.message}\n`);
    if (json) printJson({ error: { code: 'USAGE', message: e.message } });
    return EXIT_USAGE;
  }
  const err = e instanceof ApiError ? e : new ApiError('INTERNAL', e instanceof Error ? e.message : String(e));
  process.stderr.write(`onetap: ${err.code}: ${err.message}\n`);
  if (err.fields) for (const [k, v] of Object.entries(err.fields)) process.stderr.write(`  ${k}: ${v}\n`);
  if (json) printJson({ error: err.toBody() });
  return err.code === 'INVALID_INPUT' ? EXIT_USAGE : EXIT_FAILURE;
}

/** Parses a non-negative integer flag, or throws a usage error naming the flag. */
export function intFlag(name: string, value: string | undefined, opts: { min?: number; max?: number } = {}): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${name} must be a whole number, got ${JSON.stringify(value)}`);
  const n = Number(value);
  if (opts.min !== undefined && n < opts.min) throw new UsageError(`${name} must be at least ${opts.min}`);
  if (opts.max !== undefined && n > opts.max) throw new UsageError(`${name} must be at most ${opts.max}`);
  return n;
}

/**
 * A count with thousands separators, as `Intl.NumberFormat('en-US')` writes it (1,234,567). Whole
 * numbers are grouped here: creating the first Intl formatter loads ICU's locale data, which costs
 * a one-shot command more than the rest of its start (issue 13); anything else goes to Intl.
 */
export function formatCount(n: number): string {
  if (Number.isSafeInteger(n)) return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
  numberFormat ??= new Intl.NumberFormat('en-US');
  return numberFormat.format(n);
}
let numberFormat: Intl.NumberFormat | undefined;

import type * as z from 'zod';
import type { CallName, CallOutput, ParsedInput } from '../../../../shared/contract';
import { isIndexedCallName, loadCallSchemas } from '../../../../shared/contract/call-index';
import { ApiError } from '../../../../shared/contract/errors';
import type { ServiceContext } from './context';

export type Handler<N extends CallName> = (ctx: ServiceContext, input: ParsedInput<N>, signal: AbortSignal) => Promise<CallOutput<N>> | CallOutput<N>;
export type Handlers = { [N in CallName]: Handler<N> };

/** Field path → first message, and the one-line summary of them. */
export function describeIssues(error: z.ZodError): { message: string; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '(input)';
    fields[key] ??= issue.message;
  }
  const message = Object.entries(fields)
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
  return { message, fields };
}

/**
 * The one input check of every door: the contract's schema, or INVALID_INPUT naming each field.
 * Asynchronous because it builds only the called namespace's schemas (shared/contract/call-index.ts),
 * so a one-shot command does not build the whole contract.
 */
export async function parseCallInput<N extends CallName>(name: N, rawInput: unknown): Promise<ParsedInput<N>> {
  const parsed = (await loadCallSchemas(name)).input.safeParse(rawInput ?? {});
  if (parsed.success) return parsed.data as ParsedInput<N>;
  const { message, fields } = describeIssues(parsed.error);
  throw new ApiError('INVALID_INPUT', `invalid input — ${message}`, { fields });
}

/**
 * Under test (vitest, or ONETAP_CHECK_OUTPUTS=1 for the e2e host) every answer is checked against
 * the contract's output schema too, so a handler cannot drift from the type the doors promise.
 */
let outputsChecked = process.env.VITEST !== undefined || process.env.ONETAP_CHECK_OUTPUTS === '1';

/** Turns the output check on or off (tests of the check itself; a host started for e2e). */
export function checkOutputs(on: boolean): void {
  outputsChecked = on;
}

async function checkOutput(name: CallName, output: unknown): Promise<void> {
  const parsed = (await loadCallSchemas(name)).output.safeParse(output);
  if (parsed.success) return;
  const { message, fields } = describeIssues(parsed.error);
  throw new ApiError('INTERNAL', `the output of ${name} does not match the contract — ${message}`, { fields });
}

/**
 * The single entry point of every door: refuses unknown calls, validates input against the
 * contract, runs the handler, and turns anything unexpected into INTERNAL (never a crash).
 */
export async function dispatch(
  handlers: Handlers,
  ctx: ServiceContext,
  name: string,
  rawInput: unknown,
  signal: AbortSignal = new AbortController().signal,
): Promise<unknown> {
  if (!isIndexedCallName(name)) throw new ApiError('UNKNOWN_CALL', `unknown call: ${JSON.stringify(name).slice(0, 100)}`);
  const input = await parseCallInput(name, rawInput);
  const handler = handlers[name] as Handler<CallName>;
  let output: unknown;
  try {
    output = await handler(ctx, input, signal);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    if (signal.aborted) throw new ApiError('CANCELLED', 'cancelled');
    throw new ApiError('INTERNAL', e instanceof Error ? e.message : String(e));
  }
  if (outputsChecked) await checkOutput(name, output);
  return output;
}

/** `dispatch` typed by the call name, for doors that name calls in code (CLI, tests). */
export function dispatchCall<N extends CallName>(
  handlers: Handlers,
  ctx: ServiceContext,
  name: N,
  rawInput: unknown,
  signal?: AbortSignal,
): Promise<CallOutput<N>> {
  return dispatch(handlers, ctx, name, rawInput, signal) as Promise<CallOutput<N>>;
}

/** Normalises anything thrown into the wire error body. */
export function toErrorBody(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError('INTERNAL', e instanceof Error ? e.message : String(e));
}

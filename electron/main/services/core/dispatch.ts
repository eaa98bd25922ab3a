import { z } from 'zod';
import { ApiError, calls, isCallName, type CallName, type CallOutput, type ParsedInput } from '../../../../shared/contract';
import type { ServiceContext } from './context';

export type Handler<N extends CallName> = (ctx: ServiceContext, input: ParsedInput<N>, signal: AbortSignal) => Promise<CallOutput<N>> | CallOutput<N>;
export type Handlers = { [N in CallName]: Handler<N> };

function describeIssues(error: z.ZodError): { message: string; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '(input)';
    fields[key] ??= issue.message;
  }
  const message = Object.entries(fields)
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
  return { message: `invalid input — ${message}`, fields };
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
  if (!isCallName(name)) throw new ApiError('UNKNOWN_CALL', `unknown call: ${JSON.stringify(name).slice(0, 100)}`);
  const spec = calls[name];
  const parsed = spec.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const { message, fields } = describeIssues(parsed.error);
    throw new ApiError('INVALID_INPUT', message, { fields });
  }
  const handler = handlers[name] as Handler<CallName>;
  try {
    return await handler(ctx, parsed.data as ParsedInput<CallName>, signal);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    if (signal.aborted) throw new ApiError('CANCELLED', 'cancelled');
    throw new ApiError('INTERNAL', e instanceof Error ? e.message : String(e));
  }
}

/** Normalises anything thrown into the wire error body. */
export function toErrorBody(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError('INTERNAL', e instanceof Error ? e.message : String(e));
}

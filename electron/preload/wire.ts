/**
 * How a contract error crosses IPC. Electron keeps only an Error's message when a rejected
 * invoke travels to the renderer (and again through contextBridge), so the body rides in the
 * message behind a fixed prefix; renderer/api/index.ts (electronApi) turns it back into an
 * ApiError. Main and preload both use this module so the two ends cannot drift.
 *
 * Only the dependency-free errors module is imported for its value: the sandboxed preload must
 * not bundle the contract (and zod).
 */
import type { ApiErrorBody } from '../../shared/contract';
import { ELECTRON_ERROR_PREFIX } from '../../shared/contract/errors';

export { ELECTRON_ERROR_PREFIX };

export function wireError(body: ApiErrorBody): Error {
  return new Error(`${ELECTRON_ERROR_PREFIX}${JSON.stringify(body)}`);
}

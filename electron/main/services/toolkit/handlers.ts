import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError } from '../../../../shared/contract/errors';
import type { Handlers } from '../core/dispatch';
import { UPLOADS_EXTENSION } from '../core/uploads';
import type { ServiceContext } from '../core/context';
import { BuildFileError } from './builds/errors';
import { inspectBuild } from './builds/inspect';
import { explainSignature } from './signatures/explain';
import { sendToDemo } from './demo-replay';
import { DROPPED_BUILDS_EXTENSION } from './dropped-builds';

/** A refused build is the user's input being wrong, with the reason as a stable code for the renderer's words. */
export function buildFileApiError(e: unknown): unknown {
  if (!(e instanceof BuildFileError)) return e;
  return new ApiError(e.reason === 'not-found' ? 'NOT_FOUND' : 'VALIDATION_FAILED', e.message, { detail: { reason: e.reason } });
}

async function inspectContent(base64: string) {
  // Browser mode hands the bytes over; the reader works on files (random access), so they go to a private temp file.
  const dir = await mkdtemp(join(tmpdir(), 'onetap-inspect-'));
  try {
    const file = join(dir, 'build');
    await writeFile(file, Buffer.from(base64, 'base64'), { mode: 0o600 });
    return await inspectBuild(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A build the page uploaded (browser mode): inspected where the upload streamed it, then removed. */
async function inspectUpload(ctx: ServiceContext, id: string) {
  const uploads = ctx.extensions.get(UPLOADS_EXTENSION);
  if (!uploads || ctx.mode !== 'browser') throw new ApiError('UNSUPPORTED', 'upload: uploads are for the browser; give the path of the file');
  const file = uploads.file(id, ctx.clock.now());
  if (!file) throw new ApiError('NOT_FOUND', 'upload: no such upload (expired, or already inspected)');
  try {
    return await inspectBuild(file);
  } finally {
    uploads.discard(id);
  }
}

/**
 * A path named by a call: the command line's user names any file; the Electron window only a build the
 * user dropped there (registered by the preload); the browser page none (it uploads).
 */
async function inspectPath(ctx: ServiceContext, path: string) {
  if (ctx.mode === 'cli') return inspectBuild(path);
  const dropped = ctx.extensions.get(DROPPED_BUILDS_EXTENSION);
  if (ctx.mode !== 'electron' || !dropped) throw new ApiError('UNSUPPORTED', 'path: the page cannot name files here; upload the build');
  return inspectBuild(await dropped.take(path, ctx.clock.now()));
}

export const toolkitHandlers: Pick<Handlers, 'toolkit.inspect' | 'toolkit.signExplain' | 'toolkit.sendToDemo'> = {
  'toolkit.inspect': async (ctx, input) => {
    try {
      if (input.upload !== undefined) return await inspectUpload(ctx, input.upload);
      return input.path !== undefined ? await inspectPath(ctx, input.path) : await inspectContent(input.content ?? '');
    } catch (e) {
      throw buildFileApiError(e);
    }
  },
  'toolkit.signExplain': (ctx, input) => {
    try {
      return explainSignature(input, ctx.clock.now());
    } catch (e) {
      throw new ApiError('VALIDATION_FAILED', e instanceof Error ? e.message : String(e), { fields: { request: e instanceof Error ? e.message : String(e) } });
    }
  },
  'toolkit.sendToDemo': (ctx, input, signal) => sendToDemo(ctx, input.scheme, input.request, signal),
};

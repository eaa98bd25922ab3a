/**
 * Why a build file was refused. The reason is a stable code (the renderer shows its own words for it,
 * the CLI the English message); nothing else about a refused file is reported.
 */
export const buildFileReasons = [
  'not-found',
  'not-zip',
  'truncated',
  'zip-bomb',
  'path-traversal',
  'too-many-entries',
  'entry-too-large',
  'not-a-build',
  'damaged',
  // A drop in the Electron window (toolkit/dropped-builds): not a regular file, not named as a build, too large.
  'not-a-file',
  'wrong-extension',
  'file-too-large',
] as const;
export type BuildFileReason = (typeof buildFileReasons)[number];

export class BuildFileError extends Error {
  constructor(
    readonly reason: BuildFileReason,
    message: string,
  ) {
    super(message);
    this.name = 'BuildFileError';
  }
}

export const damaged = (what: string): BuildFileError => new BuildFileError('damaged', `damaged build file: ${what}`);

import * as z from 'zod';
import { defineCall } from './define';

export const runModes = ['electron', 'browser', 'cli'] as const;
export type RunMode = (typeof runModes)[number];

export const appCalls = {
  'app.info': defineCall({
    summary: 'Version, run mode and data directory of this console.',
    input: z.object({}).strict().default({}),
    output: z.object({
      name: z.string(),
      version: z.string(),
      mode: z.enum(runModes),
      dataDir: z.string(),
      platform: z.string(),
      node: z.string(),
      electron: z.string().nullable(),
    }),
  }),
} as const;

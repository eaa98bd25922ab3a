#!/usr/bin/env node
// The `onetap` command: runs the TypeScript CLI through tsx so the CLI is always the source
// in this checkout (no separate build step to forget).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/index.ts');
const code = await main(process.argv.slice(2));
process.exitCode = code;

import type { Command } from 'commander';

// `onetap export …` commands are registered here.
export function register(_program: Command): void {}

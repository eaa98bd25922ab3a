import type { Command } from 'commander';

// `onetap sync …` commands are registered here.
export function register(_program: Command): void {}

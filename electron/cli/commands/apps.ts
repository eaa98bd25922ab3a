import type { Command } from 'commander';

// `onetap apps …` commands are registered here.
export function register(_program: Command): void {}

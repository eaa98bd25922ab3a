import type { Command } from 'commander';

// `onetap bill …` commands are registered here.
export function register(_program: Command): void {}

import type { Command } from 'commander';

// `onetap records …` commands are registered here.
export function register(_program: Command): void {}

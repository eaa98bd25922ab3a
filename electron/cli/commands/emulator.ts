import type { Command } from 'commander';

// `onetap emulator …` commands are registered here.
export function register(_program: Command): void {}

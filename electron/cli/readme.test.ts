/**
 * The README's command list against `onetap --help`: every command the help lists (with its
 * subcommands' own help) appears in the README's "The command line" block, and the README names
 * no command the CLI does not have.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, commandModules } from './index';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));

/** Command names from the "Commands:" section of a help text (`help` itself left out). */
function helpCommands(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1] ?? '';
  return [...section.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]!).filter((n) => n !== 'help');
}

/** "records search", "bill quote", "sync", … as `--help` lists them, level by level. */
function helpLeaves(cmd: Command, prefix: string[] = []): string[] {
  return helpCommands(cmd.helpInformation()).flatMap((name) => {
    const sub = cmd.commands.find((c) => c.name() === name)!;
    const path = [...prefix, name];
    return helpCommands(sub.helpInformation()).length ? helpLeaves(sub, path) : [path.join(' ')];
  });
}

function readmeCommands(): string[] {
  const text = readFileSync(README, 'utf8');
  const block = /### The command line\s+```sh\n([\s\S]*?)```/.exec(text)?.[1];
  if (!block) throw new Error('README has no "The command line" sh block');
  // Lower-case words after `npx onetap` name the (sub)command; an argument is upper case ("reconcile YYYY-MM").
  return [...block.matchAll(/^npx onetap ([a-z]+(?: [a-z]+)*)/gm)].map((m) => m[1]!);
}

describe('README command list', () => {
  it('matches onetap --help', async () => {
    const program = buildProgram(await commandModules());
    const fromHelp = helpLeaves(program);
    expect(fromHelp).toContain('records search');
    const fromReadme = readmeCommands();
    const known = new Set(fromHelp);
    // A README line for a leaf command: "sync [--db FILE]" reads as "sync" followed by a flag, never a word.
    const normalised = fromReadme.map((c) => (known.has(c) ? c : c.split(' ')[0]!));
    expect([...new Set(normalised)].sort()).toEqual([...known].sort());
  });
});

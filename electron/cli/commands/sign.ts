/**
 * `onetap sign explain --scheme login-token-validate|token-validate|platform|acs3 --request FILE --key KEY [--phone N] [--json]`:
 * the signature debugger on the command line. FILE holds the request as a JSON body or a curl command
 * ("-" reads standard input). Exit 0 when the signature and its checks pass, 1 when something differs.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { SignExplanation } from '../../../shared/contract/toolkit';
import { printJson, QuietExit, UsageError, EXIT_FAILURE } from '../output';
import { parseFlags, withSession } from '../session';

export function formatExplanation(r: SignExplanation): string {
  const lines = [
    r.ok ? 'OK: the signature matches' : 'NOT OK',
    'Canonical string:',
    `  ${JSON.stringify(r.canonical)}`,
    `Expected  ${r.expected}`,
    `Given     ${r.given || '(none)'}`,
  ];
  for (const d of r.differs) lines.push(`✗ ${d.field} [${d.problem}]: ${d.detail}`);
  return `${lines.join('\n')}\n`;
}

interface Flags {
  scheme?: string;
  request?: string;
  key?: string;
  phone?: string;
  json?: boolean;
}

export function register(program: Command): void {
  const sign = program.command('sign').description('signature tools');
  sign
    .command('explain')
    .description('recompute a request signature, show the canonical string, and say which input differs')
    .requiredOption('--scheme <scheme>', 'login-token-validate | token-validate | platform | acs3')
    .requiredOption('--request <file>', 'the request: a JSON body or a curl command ("-" for stdin)')
    .requiredOption('--key <key>', 'appKey (gateway), RSA public key PEM (RSA login), the platform secret key, or the Alibaba AccessKey secret (acs3)')
    .option('--phone <number>', 'token-validate: the phone number, to check phoneNum too')
    .option('--json', 'print JSON: { ok, canonical, expected, given, differs: [{ field, problem, detail }] }')
    .action(async (flags: Flags) => {
      let request: string;
      try {
        request = readFileSync(flags.request === '-' ? 0 : flags.request!, 'utf8');
      } catch (e) {
        throw new UsageError(`--request: cannot read ${flags.request}: ${e instanceof Error ? e.message : String(e)}`);
      }
      const input = parseFlags('toolkit.signExplain', {
        scheme: flags.scheme,
        request,
        key: flags.key,
        ...(flags.phone ? { phone: flags.phone } : {}),
      });
      // No workspace: the debugger reads only the request, through the contract call the console's page makes.
      const r = await withSession({}, { db: 'offline', withoutDb: 'none' }, (s) => s.call('toolkit.signExplain', input));
      if (flags.json) printJson(r);
      else process.stdout.write(formatExplanation(r));
      if (!r.ok) throw new QuietExit(EXIT_FAILURE);
    });
}

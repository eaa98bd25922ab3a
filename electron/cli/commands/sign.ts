/**
 * `onetap sign explain --scheme login-token-validate|token-validate|platform|platform-response|acs3
 *  (--request FILE | --response FILE) --key KEY [--phone N] [--nonce N] [--send-to-demo] [--json]`:
 * the signature debugger on the command line (`toolkit.signExplain`, and `toolkit.sendToDemo` with
 * --send-to-demo), through dispatch like every door. FILE holds the request as a JSON body or a curl
 * command, or for platform-response the response as curl -i / curl -v prints it ("-" reads standard
 * input). Exit 0 when the signature and its checks pass, 1 when something differs.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { DemoReplay, DemoReplayScheme, SignExplanation } from '../../../shared/contract/toolkit';
import { appLocales, type AppLocale } from '../../../shared/apps/messages';
import { codeMeaning } from '../../../shared/codes/meaning';
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

const replayLabels: Record<AppLocale, { sent: string; code: string; unknown: string; cut: string }> = {
  'zh-CN': { sent: '已发送到演示环境', code: '返回码', unknown: '（返回码表中没有）', cut: '（内容过长，已截断）' },
  'en-US': { sent: 'Sent to the demo', code: 'Return code', unknown: '(not in the code tables)', cut: '(cut: too long)' },
};

export function formatReplay(r: DemoReplay, locale: AppLocale): string {
  const L = replayLabels[locale];
  const lines = [`${L.sent}: ${r.method} ${r.path} → HTTP ${r.status}`];
  if (r.resultCode !== null) lines.push(`${L.code} ${r.resultCode}: ${r.entry ? codeMeaning(r.entry, locale) : L.unknown}`);
  lines.push(r.body + (r.truncated ? `\n${L.cut}` : ''));
  return `${lines.join('\n')}\n`;
}

interface Flags {
  scheme?: string;
  request?: string;
  response?: string;
  key?: string;
  phone?: string;
  nonce?: string;
  sendToDemo?: boolean;
  locale: string;
  dataDir?: string;
  json?: boolean;
}

function readPaste(flag: '--request' | '--response', file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new UsageError(`${flag}: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function register(program: Command): void {
  const sign = program.command('sign').description('signature tools');
  sign
    .command('explain')
    .description('recompute a request or response signature, show the canonical string, and say which input differs')
    .requiredOption('--scheme <scheme>', 'login-token-validate | token-validate | platform | platform-response | acs3')
    .option('--request <file>', 'the request: a JSON body or a curl command ("-" for stdin)')
    .option('--response <file>', 'platform-response: the response as curl -i or curl -v prints it ("-" for stdin)')
    .requiredOption('--key <key>', 'appKey (gateway), RSA public key PEM (RSA login), the platform secret key, or the Alibaba AccessKey secret (acs3)')
    .option('--phone <number>', 'token-validate: the phone number, to check phoneNum too')
    .option('--nonce <nonce>', "platform-response: the request's X-Nonce (else read from a curl -v trace)")
    .option('--send-to-demo', "also replay the call against the demo's own emulator on this machine and show its answer")
    .option('--locale <locale>', 'zh-CN or en-US (the return code meaning of --send-to-demo)', 'zh-CN')
    .option('--data-dir <dir>', 'console data folder (the demo workspace, for --send-to-demo)')
    .option('--json', 'print JSON: { ok, canonical, expected, given, differs: [{ field, problem, detail }] } (with --send-to-demo also demo: {…})')
    .action(async (flags: Flags) => {
      if (!(appLocales as readonly string[]).includes(flags.locale)) throw new UsageError(`--locale must be one of ${appLocales.join(', ')}`);
      const isResponse = flags.scheme === 'platform-response';
      if (flags.request !== undefined && flags.response !== undefined) throw new UsageError('give --request or --response, not both');
      const file = flags.response ?? flags.request;
      if (file === undefined)
        throw new UsageError(isResponse ? '--response FILE is required (the response, as curl -i prints it)' : '--request FILE is required');
      if (flags.response !== undefined && !isResponse) throw new UsageError('--response is for --scheme platform-response; give --request FILE');
      if (flags.nonce !== undefined && !isResponse) throw new UsageError('--nonce is for --scheme platform-response');
      // The contract (zod) loads when the command runs, not for `onetap --help`.
      const { demoReplaySchemes } = await import('../../../shared/contract/toolkit');
      if (flags.sendToDemo && !(demoReplaySchemes as readonly string[]).includes(flags.scheme ?? ''))
        throw new UsageError(`--send-to-demo replays ${demoReplaySchemes.join(', ')} calls`);
      const text = readPaste(flags.response !== undefined ? '--response' : '--request', file);
      const input = await parseFlags('toolkit.signExplain', {
        scheme: flags.scheme,
        request: text,
        key: flags.key,
        ...(flags.phone ? { phone: flags.phone } : {}),
        ...(flags.nonce !== undefined ? { nonce: flags.nonce } : {}),
      });
      const sessionFlags = flags.dataDir !== undefined ? { dataDir: flags.dataDir } : {};
      // Explaining needs no workspace; replaying starts the services, which find the demo's emulator.
      const { explanation, demo } = await withSession(sessionFlags, { db: 'offline', withoutDb: flags.sendToDemo ? 'boot' : 'none' }, async (s) => ({
        explanation: await s.call('toolkit.signExplain', input),
        demo: flags.sendToDemo ? await s.call('toolkit.sendToDemo', { scheme: flags.scheme as DemoReplayScheme, request: text }) : null,
      }));
      if (flags.json) printJson(demo ? { ...explanation, demo } : explanation);
      else {
        process.stdout.write(formatExplanation(explanation));
        if (demo) process.stdout.write(`\n${formatReplay(demo, flags.locale as AppLocale)}`);
      }
      if (!explanation.ok) throw new QuietExit(EXIT_FAILURE);
    });
}

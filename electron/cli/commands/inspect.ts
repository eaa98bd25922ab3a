/**
 * `onetap inspect FILE [--json]`: what a build says about the app's identity on the platform — the APK/AAB
 * package name and signing certificates (MD5 as the platform registers it), or the IPA bundle id. The
 * call goes through dispatch (`toolkit.inspect`, which in the CLI reads any path); --json prints exactly its output.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { BuildNote, BuildInspection } from '../../../shared/contract/toolkit';
import { printJson } from '../output';
import { parseFlags, withSession } from '../session';

const noteText: Record<BuildNote, string> = {
  unsigned: 'The APK is not signed: the platform checks the signature of the installed app, so sign it first.',
  'rotated-key':
    'The signing key was rotated (v3 lineage). PackageManager reports the original certificate to apps that ask for GET_SIGNATURES (what carrier SDKs use), newer code may see the current one: register the original MD5, and check with the SDK vendor if checks fail.',
  'aab-upload-key':
    'This is an app bundle signed with the upload key. The store re-signs the APKs it delivers with the app signing key: register the MD5 of the app signing key (Play Console → App integrity), unless you sign the delivered APKs yourself.',
};

export function formatInspection(r: BuildInspection): string {
  const lines = [`${r.kind.toUpperCase()}  ${r.packageName ?? r.bundleId ?? '(no package name)'}`];
  r.signers.forEach((s, i) => {
    lines.push(
      `Signer ${i + 1} (${s.schemes.join(', ')})`,
      `  MD5      ${s.md5}`,
      `  SHA-1    ${s.sha1}`,
      `  SHA-256  ${s.sha256}`,
      `  subject  ${s.subject}`,
      `  valid    ${s.notBefore.slice(0, 10)} to ${s.notAfter.slice(0, 10)}`,
    );
  });
  if (r.rotation) {
    lines.push('Key rotation (oldest first):');
    for (const c of r.rotation.lineage) lines.push(`  ${c.md5}  ${c.subject}`);
  }
  for (const n of r.notes) lines.push(`Note: ${noteText[n]}`);
  return `${lines.join('\n')}\n`;
}

export function register(program: Command): void {
  program
    .command('inspect')
    .description('read a build file (APK, AAB, IPA): package name and signing certificates, or bundle id')
    .argument('<file>', 'the .apk, .aab or .ipa file')
    .option(
      '--json',
      'print JSON: { kind, packageName?, bundleId?, signers: [{ md5, sha1, sha256, subject, notBefore, notAfter, schemes }], rotation?, notes }',
    )
    .action(async (file: string, flags: { json?: boolean }) => {
      const input = await parseFlags('toolkit.inspect', { path: resolve(file) });
      // Through dispatch like every door; the command line's user may name any file.
      const result = await withSession({}, { db: 'offline', withoutDb: 'none' }, (s) => s.call('toolkit.inspect', input));
      if (flags.json) printJson(result);
      else process.stdout.write(formatInspection(result));
    });
}

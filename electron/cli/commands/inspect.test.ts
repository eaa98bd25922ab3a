import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onetap } from '../testing/run-in-process';

const fixtures = join(__dirname, '..', '..', 'main', 'services', 'toolkit', 'testing', 'fixtures');
const apksignerMd5 = (file: string): string =>
  /Signer #1 certificate MD5 digest: ([0-9a-f]{32})/.exec(readFileSync(join(fixtures, `${file}.apksigner.txt`), 'utf8'))![1]!;

describe('onetap inspect', () => {
  it('--json prints the issue shape with the MD5 apksigner printed', async () => {
    const r = await onetap('inspect', join(fixtures, 'v2-only.apk'), '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(['kind', 'notes', 'packageName', 'signers']);
    expect(out.signers[0].md5).toBe(apksignerMd5('v2-only.apk'));
    expect(Object.keys(out.signers[0]).sort()).toEqual(['md5', 'notAfter', 'notBefore', 'schemes', 'sha1', 'sha256', 'subject']);
  });

  it('prints a readable summary, with the rotation lineage', async () => {
    const r = await onetap('inspect', join(fixtures, 'rotated.apk'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('APK  com.onetap.fixture.rotated');
    expect(r.stdout).toContain('Key rotation (oldest first):');
  });

  it('a file that is not a build exits 1 with the reason', async () => {
    const r = await onetap('inspect', join(fixtures, 'make-fixtures.sh'), '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'VALIDATION_FAILED', detail: { reason: 'not-zip' } });
  });
});

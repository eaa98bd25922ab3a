import { describe, expect, it } from 'vitest';
import { draftOf, emptyModel, modelFromApp, patchOf } from './app-form-model';
import type { AppView } from '../../../shared/contract/apps';

const app: AppView = {
  id: 'a1',
  appId: null,
  name: 'Shop',
  platform: 'h5',
  description: '',
  logo: null,
  packageName: null,
  packageSignature: null,
  bundleId: null,
  origins: ['https://a.example'],
  ipWhitelist: ['1.2.3.4'],
  encryption: 'MD5',
  rsaPublicKey: null,
  capabilities: ['login'],
  status: 'approved',
  rejectReason: null,
  createdAt: '2026-11-01T10:00:00.000+08:00',
  updatedAt: '2026-11-01T10:00:00.000+08:00',
  version: 3,
  hasKey: false,
};

describe('app form model', () => {
  it('sends only the fields of the chosen platform', () => {
    const m = { ...emptyModel(), platform: 'ios' as const, bundleId: 'com.x.y', packageName: 'left.over', ipText: '1.1.1.1\n2.2.2.2, 3.3.3.3' };
    const d = draftOf(m);
    expect(d.packageName).toBeNull();
    expect(d.bundleId).toBe('com.x.y');
    expect(d.ipWhitelist).toEqual(['1.1.1.1', '2.2.2.2', '3.3.3.3']);
  });
  it('a modify sends only changed modifiable fields', () => {
    const m = modelFromApp(app);
    expect(patchOf(m, app)).toEqual({});
    m.originsText = 'https://a.example\nhttps://b.example';
    m.description = 'not modifiable, never sent';
    expect(patchOf(m, app)).toEqual({ origins: ['https://a.example', 'https://b.example'] });
  });
});

/** An app for the alert rules' tests, created at `created` in this review status (the review rule fires on one pending or in review over a working day). */
import type { PlatformApp } from '../../../../../shared/platform/schemas';
import { toShanghaiIso } from '../../../../../shared/time/shanghai';

export function platformApp(id: string, status: PlatformApp['status'], created: number): PlatformApp {
  return {
    id,
    appId: null,
    appKey: null,
    name: `App ${id}`,
    platform: 'android',
    description: '',
    logo: null,
    packageName: 'com.example',
    packageSignature: null,
    bundleId: null,
    origins: [],
    ipWhitelist: [],
    encryption: 'RSA',
    rsaPublicKey: null,
    capabilities: ['login'],
    status,
    rejectReason: null,
    createdAt: toShanghaiIso(created),
    updatedAt: toShanghaiIso(created),
    version: 1,
  };
}

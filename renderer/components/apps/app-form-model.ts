/**
 * The create / modify form's model and its mapping to the contract: a create draft for
 * `apps.create` / `apps.validate`, or the modifiable fields that changed for `apps.update`.
 * Lists are edited as text, one entry per line.
 */
import { splitIpList, splitList } from '../../../shared/apps/ip';
import { appTypeOf, modifiableFields, type AppDraftInput, type AppPatchDraft, type AppType, type Encryption } from '../../../shared/apps/validation';
import type { AppView } from '../../../shared/contract/apps';
import type { AppPlatform, Capability } from '../../../shared/platform/domain';

export interface AppFormModel {
  name: string;
  type: AppType;
  platform: AppPlatform;
  logo: string | null;
  description: string;
  packageName: string;
  packageSignature: string;
  bundleId: string;
  originsText: string;
  encryption: Encryption;
  ipText: string;
  rsaPublicKey: string;
  capabilities: Capability[];
}

export function emptyModel(): AppFormModel {
  return {
    name: '',
    type: 'APP',
    platform: 'android',
    logo: null,
    description: '',
    packageName: '',
    packageSignature: '',
    bundleId: '',
    originsText: '',
    encryption: 'RSA',
    ipText: '',
    rsaPublicKey: '',
    capabilities: ['login'],
  };
}

/** The form filled from an existing app (to modify it, or to clone it into a new one). */
export function modelFromApp(app: AppView): AppFormModel {
  return {
    name: app.name,
    type: appTypeOf(app.platform),
    platform: app.platform,
    logo: app.logo,
    description: app.description,
    packageName: app.packageName ?? '',
    packageSignature: app.packageSignature ?? '',
    bundleId: app.bundleId ?? '',
    originsText: app.origins.join('\n'),
    encryption: app.encryption,
    ipText: app.ipWhitelist.join('\n'),
    rsaPublicKey: app.rsaPublicKey ?? '',
    capabilities: [...app.capabilities],
  };
}

/** The create draft: only the fields the chosen platform has. */
export function draftOf(m: AppFormModel): AppDraftInput {
  const p = m.platform;
  return {
    name: m.name,
    type: m.type,
    platform: p,
    description: m.description,
    logo: m.logo,
    packageName: p === 'android' ? m.packageName : null,
    packageSignature: p === 'android' ? m.packageSignature : null,
    bundleId: p === 'ios' ? m.bundleId : null,
    origins: p === 'h5' ? splitList(m.originsText) : [],
    ipWhitelist: splitIpList(m.ipText),
    encryption: m.encryption,
    rsaPublicKey: m.rsaPublicKey.trim() ? m.rsaPublicKey : null,
    capabilities: m.capabilities,
  };
}

/** The modifiable fields that differ from the app (an untouched field is not sent, nor re-checked). */
export function patchOf(m: AppFormModel, app: AppView): AppPatchDraft {
  const allowed = modifiableFields(app.platform);
  const out: AppPatchDraft = {};
  if (allowed.includes('name') && m.name !== app.name) out.name = m.name;
  const ips = splitIpList(m.ipText);
  if (allowed.includes('ipWhitelist') && JSON.stringify(ips) !== JSON.stringify(app.ipWhitelist)) out.ipWhitelist = ips;
  const key = m.rsaPublicKey.trim() ? m.rsaPublicKey : null;
  if (allowed.includes('rsaPublicKey') && (key ?? '').trim() !== (app.rsaPublicKey ?? '').trim()) out.rsaPublicKey = key;
  const origins = splitList(m.originsText);
  if (allowed.includes('origins') && JSON.stringify(origins) !== JSON.stringify(app.origins)) out.origins = origins;
  return out;
}

/** Characters the whitelist takes as the platform counts them (entries joined by commas). */
export function whitelistLength(m: AppFormModel): number {
  return splitIpList(m.ipText).join(',').length;
}

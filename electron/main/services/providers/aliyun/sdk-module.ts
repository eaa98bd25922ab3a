/**
 * The official SDK's classes, whichever way the module system hands the CommonJS packages
 * over: Node's ESM loader gives `default` = module.exports (whose own `default` is the client
 * class), a bundler's interop gives the class itself.
 */
import * as dypnsNs from '@alicloud/dypnsapi20170525';
import * as openapiNs from '@alicloud/openapi-core';

type DypnsModule = typeof import('@alicloud/dypnsapi20170525');
type OpenApiModule = typeof import('@alicloud/openapi-core');
export type DypnsClient = InstanceType<DypnsModule['default']>;

function unwrap<M extends object>(ns: object, probe: string): M {
  const candidates = [ns, (ns as { default?: object }).default].filter((x): x is object => typeof x === 'object' || typeof x === 'function');
  const found = candidates.find((c) => probe in c);
  if (!found) throw new Error(`the Alibaba Cloud SDK module does not export ${probe}`);
  return found as M;
}

const models = unwrap<DypnsModule>(dypnsNs, 'QueryGateVerifyStatisticPublicRequest');
const openapi = unwrap<OpenApiModule>(openapiNs, '$OpenApiUtil');

function clientClass(): DypnsModule['default'] {
  const d = (models as { default?: unknown }).default;
  if (typeof d === 'function') return d as DypnsModule['default'];
  const inner = (d as { default?: unknown } | undefined)?.default;
  if (typeof inner === 'function') return inner as DypnsModule['default'];
  throw new Error('the Alibaba Cloud SDK module has no client class');
}

export const Dypns = { Client: clientClass(), models, Config: openapi.$OpenApiUtil.Config };

/**
 * The official SDK's classes, whichever way the module system hands the CommonJS packages
 * over: Node's ESM loader gives `default` = module.exports (whose own `default` is the client
 * class), a bundler's interop gives the class itself. Loaded on first use (lazy-module.ts).
 */
import { lazyModule } from '../../core/lazy-module';

type DypnsModule = typeof import('@alicloud/dypnsapi20170525');
type OpenApiModule = typeof import('@alicloud/openapi-core');
export type DypnsClient = InstanceType<DypnsModule['default']>;

function unwrap<M extends object>(ns: object, probe: string): M {
  const candidates = [ns, (ns as { default?: object }).default].filter((x): x is object => typeof x === 'object' || typeof x === 'function');
  const found = candidates.find((c) => probe in c);
  if (!found) throw new Error(`the Alibaba Cloud SDK module does not export ${probe}`);
  return found as M;
}

function clientClass(models: DypnsModule): DypnsModule['default'] {
  const d = (models as { default?: unknown }).default;
  if (typeof d === 'function') return d as DypnsModule['default'];
  const inner = (d as { default?: unknown } | undefined)?.default;
  if (typeof inner === 'function') return inner as DypnsModule['default'];
  throw new Error('the Alibaba Cloud SDK module has no client class');
}

interface DypnsSdk {
  Client: DypnsModule['default'];
  models: DypnsModule;
  Config: OpenApiModule['$OpenApiUtil']['Config'];
}

const lazyDypns = lazyModule<object>('@alicloud/dypnsapi20170525');
const lazyOpenApi = lazyModule<object>('@alicloud/openapi-core');
let sdk: DypnsSdk | undefined;
function dypnsSdk(): DypnsSdk {
  if (sdk) return sdk;
  const models = unwrap<DypnsModule>(lazyDypns(), 'QueryGateVerifyStatisticPublicRequest');
  const openapi = unwrap<OpenApiModule>(lazyOpenApi(), '$OpenApiUtil');
  sdk = { Client: clientClass(models), models, Config: openapi.$OpenApiUtil.Config };
  return sdk;
}

/** The SDK's client class, request models and Config, loaded on first use. */
export const Dypns: DypnsSdk = {
  get Client() {
    return dypnsSdk().Client;
  },
  get models() {
    return dypnsSdk().models;
  },
  get Config() {
    return dypnsSdk().Config;
  },
};

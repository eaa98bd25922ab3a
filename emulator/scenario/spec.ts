/**
 * Scenario knobs that make things happen on demand (demos, and tests of the console's alerts):
 *
 * - `--incident OPERATOR:CAPABILITY:CODE:xFACTOR@ISO/DURATION` (repeatable), e.g.
 *   `CUCC:login:10104:x5@2026-11-20T09:00+08:00/2h`: for two hours that operator × capability
 *   fails FACTOR times as often as usual, every extra failure carrying CODE (the usual failures
 *   keep their usual codes). Calls stay the same; successes turn into failures.
 * - `--volume-drop APP:xFACTOR@ISO/DURATION` (repeatable), e.g. `A1B2C3D4:x0.1@…/3h`: that app
 *   (internal id or appId) gets FACTOR of its usual calls; the rest go to the other apps, so the
 *   account's total and its bill do not change shape.
 * - `--package-left PERCENT`: the trial package's quota is set so that PERCENT of it is left at
 *   start-up (a package nearly used up).
 */
import { capabilities, operators, type Capability, type Operator } from '../../shared/platform/domain';
import { parseIsoInstant } from '../../shared/time/shanghai';

export interface Incident {
  operator: Operator;
  capability: Capability;
  code: string;
  factor: number;
  fromMs: number;
  toMs: number;
}

export interface VolumeDrop {
  /** Internal id or appId of a traffic app. */
  app: string;
  factor: number;
  fromMs: number;
  toMs: number;
}

export class ScenarioSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioSpecError';
  }
}

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

function window(at: string, duration: string, what: string): { fromMs: number; toMs: number } {
  const fromMs = parseIsoInstant(at);
  if (!Number.isFinite(fromMs)) throw new ScenarioSpecError(`${what}: ${JSON.stringify(at)} is not an ISO instant with offset (e.g. 2026-11-20T09:00+08:00)`);
  const d = /^(\d{1,5})(m|h|d)$/.exec(duration);
  if (!d || Number(d[1]) === 0) throw new ScenarioSpecError(`${what}: duration ${JSON.stringify(duration)} must be like 30m, 2h or 1d`);
  return { fromMs, toMs: fromMs + Number(d[1]) * UNIT_MS[d[2] as keyof typeof UNIT_MS] };
}

const INCIDENT_RE = /^([A-Z]{4}):([a-z]+):([0-9A-Za-z_-]{1,16}):x(\d+(?:\.\d+)?)@([^/]+)\/(.+)$/;

export function parseIncident(spec: string): Incident {
  const m = INCIDENT_RE.exec(spec.trim());
  if (!m) throw new ScenarioSpecError(`incident ${JSON.stringify(spec)} must be OPERATOR:CAPABILITY:CODE:xFACTOR@ISO/DURATION`);
  const [, op, cap, code, factor, at, duration] = m as unknown as [string, string, string, string, string, string, string];
  if (!(operators as readonly string[]).includes(op)) throw new ScenarioSpecError(`incident: operator must be one of ${operators.join(', ')}`);
  if (!(capabilities as readonly string[]).includes(cap)) throw new ScenarioSpecError(`incident: capability must be one of ${capabilities.join(', ')}`);
  const f = Number(factor);
  if (!(f >= 1 && f <= 100)) throw new ScenarioSpecError('incident: factor must be between x1 and x100');
  if (code === '200') throw new ScenarioSpecError('incident: 200 is the success code');
  return { operator: op as Operator, capability: cap as Capability, code, factor: f, ...window(at, duration, 'incident') };
}

const DROP_RE = /^([^:@]{1,64}):x(\d+(?:\.\d+)?)@([^/]+)\/(.+)$/;

export function parseVolumeDrop(spec: string): VolumeDrop {
  const m = DROP_RE.exec(spec.trim());
  if (!m) throw new ScenarioSpecError(`volume drop ${JSON.stringify(spec)} must be APP:xFACTOR@ISO/DURATION`);
  const [, app, factor, at, duration] = m as unknown as [string, string, string, string, string];
  const f = Number(factor);
  if (!(f >= 0 && f < 1)) throw new ScenarioSpecError('volume drop: factor must be below x1 (x0.1 keeps a tenth)');
  return { app, factor: f, ...window(at, duration, 'volume drop') };
}

/** Time source handed to services, so tests can pin or advance it. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests control (the same one the emulator's tests use). */
export { manualClock, type ManualClock } from '../../../../shared/time/clock';

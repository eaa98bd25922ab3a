// The emulator takes `now: () => number`; tests and demos drive it with the shared manual clock.
export { manualClock, type ManualClock } from '../shared/time/clock';

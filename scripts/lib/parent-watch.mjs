// Stopping with the process that launched us. `npm start` and `npx onetap` run us under
// `sh -c`: on SIGTERM npm stops that shell, which does not pass the signal on, and we would be
// left running without a parent (the server orphaned). Noticing that we were re-parented is the
// one portable signal of it, so we then stop as if SIGTERM had reached us.

/** @param {() => void} [onOrphaned] default: SIGTERM to this process (its own handlers stop it) */
export function stopWhenOrphaned(onOrphaned = () => process.kill(process.pid, 'SIGTERM'), intervalMs = 500) {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      onOrphaned();
    }
  }, intervalMs);
  timer.unref();
}

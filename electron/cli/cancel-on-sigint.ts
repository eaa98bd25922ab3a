/** Ctrl-C aborts the call (a backup or archive removes its partial file; the store is unchanged). */
export async function cancellable<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  const onSigint = (): void => ac.abort();
  process.once('SIGINT', onSigint);
  try {
    return await work(ac.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

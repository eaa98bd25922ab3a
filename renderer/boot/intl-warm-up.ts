/**
 * What the page's first Intl formatter costs is ICU getting ready in the renderer's process (its
 * locale lists, data caches and a locale's resources: 50–350 ms on a loaded machine, against 0.1–1 ms
 * for every formatter after it, on any thread of the same process). `warmUpIntl` builds one of each
 * kind the first view formats with, for `locale`: run on a worker thread (intl-warm-up.worker.ts),
 * the page's thread then finds ICU ready; run on the page's thread, it pays there.
 */
export function warmUpIntl(locale: string): void {
  new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(0);
  new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(0, 'second');
}

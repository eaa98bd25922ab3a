/**
 * When the header's extras (workspace, demo role, sync chip, alerts bell) and the dashboard's controls
 * are drawn: after the first view, not in its mount. They are ~a third of the header's components (tags, buttons, a badge), and
 * each starts its store at mount: three calls whose answers re-render the header while the dashboard
 * still waits to be drawn. Deferred to the page's first idle moment (after the first view's frame),
 * at the latest AFTER_FIRST_VIEW_MAX_MS after the shell asked; every later mount of the header (there
 * is one per page) finds the promise settled.
 */
import { onMounted, ref, type Ref } from 'vue';

/** A page that is never idle (a busy machine) still draws the extras after this long. */
export const AFTER_FIRST_VIEW_MAX_MS = 1500;

let settled: Promise<void> | null = null;
/** The page was idle once already: what mounts from then on draws everything in its first render. */
let passed = false;

/** Settles once the page was first idle (see above); the same promise for the whole page. */
export function afterFirstView(): Promise<void> {
  settled ??= new Promise<void>((done) => {
    const idle = (): void => {
      passed = true;
      done();
    };
    if (typeof requestIdleCallback === 'function') requestIdleCallback(idle, { timeout: AFTER_FIRST_VIEW_MAX_MS });
    else setTimeout(idle, 0);
  });
  return settled;
}

/**
 * A component's flag: false in its first render and true from the render after the page's first idle
 * moment; true from the first render for a component mounted after that moment (a view opened again
 * is drawn whole at once, not twice).
 */
export function useAfterFirstView(): Readonly<Ref<boolean>> {
  const ready = ref(passed);
  if (!passed) onMounted(() => void afterFirstView().then(() => (ready.value = true)));
  return ready;
}

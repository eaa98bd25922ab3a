/**
 * `zod` as the renderer's build sees it (electron.vite.config.ts aliases the bare 'zod' here):
 * zod told not to probe eval before any schema exists. The page's CSP forbids eval; zod 4 probes
 * `new Function` when it builds its first object schema (to compile fast parsers), and under a
 * strict CSP that probe is reported as a violation even though zod catches it.
 *
 * Because every schema imports zod through this module, zod and this setting arrive with the
 * first view that validates something, not with the app shell (which validates nothing).
 */
import { config } from 'zod/v4';

config({ jitless: true });

export * from 'zod/v4';
export { default } from 'zod/v4';

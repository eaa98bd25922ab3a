/**
 * The page's CSP forbids eval. zod 4 probes `new Function` when it builds its first object
 * schema (to compile fast parsers); under a strict CSP that probe is reported as a violation
 * even though zod catches it. Imported first by main.ts, before any contract schema exists.
 */
import { config } from 'zod';

config({ jitless: true });

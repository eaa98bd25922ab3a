/**
 * The boot script's helper thread (see intl-warm-up.ts): gets ICU ready for the language it is sent,
 * off the page's thread, then ends. What it warmed is the process's, so it stays after the thread is gone.
 */
import { warmUpIntl } from './intl-warm-up';

addEventListener(
  'message',
  (e: MessageEvent<unknown>) => {
    if (typeof e.data === 'string') warmUpIntl(e.data);
    postMessage('warm');
    close();
  },
  { once: true },
);

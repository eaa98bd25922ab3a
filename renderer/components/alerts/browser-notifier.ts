/**
 * Desktop notifications in browser mode: the Notification API, after the user allowed it
 * (Electron shows its own from the main process). Clicking one focuses the tab and opens the
 * alert's view. Many at once (from DIGEST_FROM, as the main process tells the desktop and the
 * robots) are one notification naming how many and the steepest few, which opens the inbox.
 */
import type { Router } from 'vue-router';
import type { Alert } from '../../../shared/contract/alerts';
import { DIGEST_FROM, rankTold } from '../../../shared/alerts/digest';
import { alertLocation } from '../../views/Alerts/alert-link';

export function browserNotificationsSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

export interface NotifierText {
  title: (a: Alert) => string;
  body: (a: Alert) => string;
  /** A digest's title and its last line (how many are not named). */
  digestTitle: (count: number) => string;
  digestMore: (count: number) => string;
}

/** How many alerts a digest notification names (a notification shows little more). */
const DIGEST_NAMED = 3;

export function browserNotifier(router: Router, text: NotifierText): (alerts: readonly Alert[]) => void {
  const show = (title: string, body: string, tag: string, open: () => void) => {
    const n = new Notification(title, { body, tag });
    n.onclick = () => {
      window.focus();
      open();
      n.close();
    };
  };
  return (alerts) => {
    if (!alerts.length || !browserNotificationsSupported() || Notification.permission !== 'granted') return;
    if (alerts.length < DIGEST_FROM) {
      for (const a of alerts) show(text.title(a), text.body(a), `onetap-alert-${a.id}`, () => void router.push(alertLocation(a.link)));
      return;
    }
    // What the renderer is told of are new and continuing alerts (alerts.changed's fired): ranked as new ones.
    const ranked = rankTold(alerts.map((alert) => ({ kind: 'fired' as const, alert })));
    const lines = ranked.slice(0, DIGEST_NAMED).map(({ alert }) => `${text.title(alert)}: ${text.body(alert)}`);
    if (ranked.length > DIGEST_NAMED) lines.push(text.digestMore(ranked.length - DIGEST_NAMED));
    show(text.digestTitle(alerts.length), lines.join('\n'), 'onetap-alert-digest', () => void router.push(alertLocation({ view: 'alerts', query: {} })));
  };
}

export async function askNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (!browserNotificationsSupported()) return 'unsupported';
  return Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
}

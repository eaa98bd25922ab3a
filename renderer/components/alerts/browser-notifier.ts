/**
 * Desktop notifications in browser mode: the Notification API, after the user allowed it
 * (Electron shows its own from the main process). Clicking one focuses the tab and opens the
 * alert's view.
 */
import type { Router } from 'vue-router';
import type { Alert } from '../../../shared/contract/alerts';
import { alertLocation } from '../../views/Alerts/alert-link';

export function browserNotificationsSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

export function browserNotifier(router: Router, title: (a: Alert) => string, body: (a: Alert) => string): (a: Alert) => void {
  return (alert) => {
    if (!browserNotificationsSupported() || Notification.permission !== 'granted') return;
    const n = new Notification(title(alert), { body: body(alert), tag: `onetap-alert-${alert.id}` });
    n.onclick = () => {
      window.focus();
      void router.push(alertLocation(alert.link));
      n.close();
    };
  };
}

export async function askNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (!browserNotificationsSupported()) return 'unsupported';
  return Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
}

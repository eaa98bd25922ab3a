/**
 * ONETAP_ALERT_SECRET_<NAME>: where the CLI takes a channel's secret it cannot open itself (one
 * the desktop app sealed with the OS keychain).
 */
export function channelSecretEnv(channel: string): string {
  return `ONETAP_ALERT_SECRET_${channel.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

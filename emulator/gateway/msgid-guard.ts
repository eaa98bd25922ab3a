/**
 * Replay guard of loginTokenValidate: a msgid ("标识请求的随机数") seen before for the same AppId is
 * refused with 103107 已存在相同的随机数 (seeds/003 §4.2), not only a reused token. Remembered for ten
 * minutes (the carriers' token-count window), then forgotten, so memory stays bounded by the traffic of
 * that window.
 */
export const MSGID_TTL_MS = 600_000;

export class MsgIdGuard {
  private readonly at = new Map<string, number>();
  private readonly order: [string, number][] = [];
  private head = 0;

  constructor(private readonly ttlMs = MSGID_TTL_MS) {}

  /** True when `msgid` was already used by `appId` within the window; otherwise remembers it. */
  seen(appId: string, msgid: string, now: number): boolean {
    while (this.head < this.order.length && this.order[this.head]![1] <= now - this.ttlMs) {
      const [k, t] = this.order[this.head++]!;
      if (this.at.get(k) === t) this.at.delete(k);
    }
    if (this.head > 4096 && this.head * 2 > this.order.length) {
      this.order.splice(0, this.head);
      this.head = 0;
    }
    const key = `${appId}\u0000${msgid}`;
    const prev = this.at.get(key);
    if (prev !== undefined && prev > now - this.ttlMs) return true;
    this.at.set(key, now);
    this.order.push([key, now]);
    return false;
  }
}

/**
 * The renderer's only way to the main process. Under Electron the preload exposes
 * `window.api`; in a browser the same calls go over HTTP to the loopback host with the
 * per-launch token. Views import `api` and never know which.
 */
import type { Api, ApiErrorBody, CallInput, CallName, CallOutput, EventName, EventPayload } from '../../shared/contract';
import { ApiError, ELECTRON_ERROR_PREFIX } from '../../shared/contract/errors';

declare global {
  interface Window {
    api?: Api;
  }
}

const TOKEN_KEY = 'onetap.token';

/** The token the calls carry: the one this page was opened with, else the one kept for this tab. */
const pageToken = (): string | null => openedWith ?? window.sessionStorage.getItem(TOKEN_KEY);

/**
 * Takes the token from `#token=…` once, keeps it for this tab, and removes it from the address bar.
 * Kept for the tab (sessionStorage, so a reload finds it) a moment `later`, not at once: a fresh
 * page's first use of sessionStorage waits for the browser process (a synchronous round trip to open
 * the tab's storage, 20–40 ms of the page's thread here), and the first view's calls, which this
 * token starts, need not wait for it.
 */
export function takeTokenFromLocation(
  loc: Location = window.location,
  store: () => Pick<Storage, 'getItem' | 'setItem'> = () => window.sessionStorage,
  later: (work: () => void) => void = (work) => void setTimeout(work, 0),
): string | null {
  const m = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(loc.hash);
  if (!m) return store().getItem(TOKEN_KEY);
  const token = m[1]!;
  later(() => {
    try {
      store().setItem(TOKEN_KEY, token);
    } catch {
      // storage refused: this page keeps its token, a reload shows how to open the console again
    }
  });
  const rest = loc.hash
    .replace(/^#/, '')
    .replace(/(?:^|&)token=[A-Za-z0-9_-]+/, '')
    .replace(/^&/, '');
  history.replaceState(history.state, '', `${loc.pathname}${loc.search}${rest ? `#${rest}` : ''}`);
  return token;
}

type AnyListener = (payload: unknown) => void;

/** The HTTP door: POST /api/<call>, and Server-Sent Events read with fetch (so the token travels in a header). */
export function httpApi(base = '', token: () => string | null = pageToken): Api {
  const listeners = new Map<string, Set<AnyListener>>();
  let streaming = false;

  async function stream(): Promise<void> {
    streaming = true;
    for (let attempt = 0; listeners.size > 0; attempt++) {
      try {
        const res = await fetch(`${base}/api/events`, { headers: { Authorization: `Bearer ${token() ?? ''}` } });
        if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
        attempt = 0;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let idx;
          while ((idx = buf.indexOf('\n\n')) >= 0) {
            const frame = buf.slice(0, idx);
            buf = buf.slice(idx + 2);
            const name = /^event: (.+)$/m.exec(frame)?.[1];
            const data = /^data: (.*)$/m.exec(frame)?.[1];
            if (!name || data === undefined) continue;
            const payload: unknown = JSON.parse(data);
            listeners.get(name)?.forEach((l) => l(payload));
          }
        }
      } catch {
        // The host restarted or the network blinked: back off and reconnect.
      }
      await new Promise((r) => setTimeout(r, Math.min(30_000, 500 * 2 ** Math.min(attempt, 6))));
    }
    streaming = false;
  }

  return {
    async call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
      const res = await fetch(`${base}/api/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token() ?? ''}` },
        body: JSON.stringify(input ?? {}),
      });
      const body = (await res.json().catch(() => null)) as unknown;
      if (!res.ok) {
        const err = (body as { error?: ApiErrorBody } | null)?.error;
        throw err ? ApiError.fromBody(err) : new ApiError('INTERNAL', `HTTP ${res.status}`);
      }
      return body as CallOutput<N>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as AnyListener);
      if (!streaming) void stream();
      return () => {
        set.delete(listener as AnyListener);
        if (set.size === 0) listeners.delete(event);
      };
    },
  };
}

/**
 * Browser mode: streams one file to the host (`POST /uploads`, raw body: the browser host's JSON body
 * limit does not apply) and returns the upload id a call then names. `role=manifest` adds a manifest
 * beside an upload.
 */
export async function uploadToHost(body: Blob, query: string, base = '', token: () => string | null = pageToken): Promise<string> {
  const res = await fetch(`${base}/uploads?${query}`, { method: 'POST', headers: { Authorization: `Bearer ${token() ?? ''}` }, body });
  const out = (await res.json().catch(() => null)) as { upload?: string; error?: ApiErrorBody } | null;
  if (!res.ok || !out?.upload) throw out?.error ? ApiError.fromBody(out.error) : new ApiError('INTERNAL', `HTTP ${res.status}`);
  return out.upload;
}

/**
 * Browser mode: uploads an export and its manifest to the host (`POST /uploads`), for
 * `export.verify { upload }`; the page never names a path on the host. Returns the upload id.
 */
export async function uploadForVerify(file: Blob & { name: string }, manifest: Blob, base = '', token: () => string | null = pageToken): Promise<string> {
  const id = await uploadToHost(file, `role=file&name=${encodeURIComponent(file.name)}`, base, token);
  await uploadToHost(manifest, `role=manifest&upload=${encodeURIComponent(id)}`, base, token);
  return id;
}

export { ELECTRON_ERROR_PREFIX };

/** Turns the preload's `ELECTRON_ERROR_PREFIX<json body>` rejections back into ApiErrors. */
export function electronApi(raw: Api): Api {
  const decoded = (e: unknown): unknown => {
    const msg = e instanceof Error ? e.message : String(e);
    const at = msg.indexOf(ELECTRON_ERROR_PREFIX);
    return at < 0 ? e : ApiError.fromBody(JSON.parse(msg.slice(at + ELECTRON_ERROR_PREFIX.length)) as ApiErrorBody);
  };
  const pathForFile = raw.pathForFile?.bind(raw);
  return {
    async call(name, input) {
      try {
        return await raw.call(name, input);
      } catch (e) {
        throw decoded(e);
      }
    },
    on: (event, listener) => raw.on(event, listener),
    ...(pathForFile
      ? {
          async pathForFile(file: Blob) {
            try {
              return await pathForFile(file);
            } catch (e) {
              throw decoded(e);
            }
          },
        }
      : {}),
  };
}

export const isElectron = typeof window !== 'undefined' && !!window.api;
// Read once, when the page starts: the calls then carry it without touching the tab's storage.
const openedWith = !isElectron && typeof window !== 'undefined' ? takeTokenFromLocation() : null;

export const api: Api = isElectron ? electronApi(window.api!) : httpApi();

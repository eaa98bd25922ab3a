/**
 * A platform API response as an admin pastes it into the signature debugger: a raw HTTP response
 * (`curl -i`), a `curl -v` trace (its `>` request lines give the request's X-Nonce and X-Timestamp),
 * header lines and a body with a `Status:` header, or a JSON envelope `{ status, headers, body }`.
 * The body is kept byte for byte: the response signature covers its exact bytes.
 */
export interface PastedResponse {
  status: number | null;
  /** Response header names lower-cased. */
  headers: Record<string, string>;
  /** Request header names lower-cased (a `curl -v` trace shows them). */
  requestHeaders: Record<string, string>;
  body: string;
}

const STATUS_LINE = /^HTTP\/\d(?:\.\d)?\s+(\d{3})\b/;
const HEADER_LINE = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+):[ \t]*(.*?)[ \t]*$/;

function headerInto(target: Record<string, string>, line: string): boolean {
  const m = HEADER_LINE.exec(line);
  if (!m) return false;
  target[m[1]!.toLowerCase()] = m[2]!;
  return true;
}

function fromEnvelope(v: Record<string, unknown>): PastedResponse {
  const headers: Record<string, string> = {};
  if (v['headers'] && typeof v['headers'] === 'object' && !Array.isArray(v['headers'])) {
    for (const [k, val] of Object.entries(v['headers'] as Record<string, unknown>))
      if (typeof val === 'string' || typeof val === 'number') headers[k.toLowerCase()] = String(val);
  }
  const status =
    typeof v['status'] === 'number' && Number.isInteger(v['status'])
      ? v['status']
      : typeof v['status'] === 'string' && /^\d{3}$/.test(v['status'])
        ? Number(v['status'])
        : null;
  const raw = v['body'];
  // An object body is taken as the platform sends it: compact JSON (JSON.stringify).
  const body = typeof raw === 'string' ? raw : raw === undefined ? '' : JSON.stringify(raw);
  return { status, headers, requestHeaders: {}, body };
}

/** `curl -v`: `> ` request lines, `< ` response lines, `* ` notes, everything else the body. */
function fromVerboseTrace(lines: string[]): PastedResponse {
  const requestHeaders: Record<string, string> = {};
  let headers: Record<string, string> = {};
  let status: number | null = null;
  const body: string[] = [];
  for (const line of lines) {
    const text = line.replace(/\r$/, '');
    if (text.startsWith('> ')) headerInto(requestHeaders, text.slice(2));
    else if (text.startsWith('< ')) {
      const rest = text.slice(2);
      const m = STATUS_LINE.exec(rest);
      if (m) {
        // An interim response (100 Continue) is followed by the real one: keep the last.
        status = Number(m[1]);
        headers = {};
      } else headerInto(headers, rest);
    } else if (text === '>' || text === '<' || text.startsWith('* ') || text === '*' || /^[{}] \[/.test(text)) continue;
    else body.push(line);
  }
  return { status, headers, requestHeaders, body: body.join('\n') };
}

export function parsePastedResponse(text: string): PastedResponse {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let v: unknown;
    try {
      v = JSON.parse(trimmed);
    } catch (e) {
      throw new Error(`the response is neither HTTP text nor a JSON { status, headers, body } (${e instanceof Error ? e.message : String(e)})`);
    }
    if (!v || typeof v !== 'object' || Array.isArray(v) || !('headers' in v))
      throw new Error('paste the whole response: the status line and headers (curl -i), then the body — or { "status", "headers", "body" }');
    return fromEnvelope(v as Record<string, unknown>);
  }
  const lines = text.replace(/^\s+/, '').split('\n');
  if (lines.some((l) => l.startsWith('< '))) return fromVerboseTrace(lines);

  // curl -i: one or more header blocks (100 Continue first), then the body exactly as it followed the blank line.
  let at = 0;
  let status: number | null = null;
  let headers: Record<string, string> = {};
  for (;;) {
    const first = (lines[at] ?? '').replace(/\r$/, '');
    const m = STATUS_LINE.exec(first);
    if (m) {
      status = Number(m[1]);
      headers = {};
      at++;
    }
    while (at < lines.length && lines[at]!.replace(/\r$/, '') !== '') {
      if (!headerInto(headers, lines[at]!.replace(/\r$/, ''))) {
        throw new Error(`line ${at + 1} is neither a header nor the blank line before the body: ${JSON.stringify(lines[at]!.slice(0, 60))}`);
      }
      at++;
    }
    at++; // the blank line
    if (status !== null && status >= 100 && status < 200 && STATUS_LINE.test((lines[at] ?? '').replace(/\r$/, ''))) continue;
    break;
  }
  if (status === null && headers['status'] && /^\d{3}\b/.test(headers['status'])) status = Number(headers['status'].slice(0, 3));
  return { status, headers, requestHeaders: {}, body: lines.slice(at).join('\n') };
}

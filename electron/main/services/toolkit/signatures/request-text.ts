/**
 * What an admin pastes into the signature debugger: a JSON body, or a curl command (as copied from a
 * terminal or a browser's "copy as cURL"). Parsed into method, URL, headers and body; nothing is run.
 */
export interface PastedRequest {
  method: string;
  url: string | null;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: string;
}

/** POSIX-shell-like words: single quotes literal, double quotes with backslash escapes, backslash-newline joins. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let cur: string | null = null;
  let i = 0;
  const push = (s: string) => (cur = (cur ?? '') + s);
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (/\s/.test(c)) {
      if (cur !== null) words.push(cur);
      cur = null;
      i++;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error('unclosed single quote in the curl command');
      push(text.slice(i + 1, end));
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        s += text[j];
        j++;
      }
      if (j >= text.length) throw new Error('unclosed double quote in the curl command');
      push(s);
      i = j + 1;
    } else if (c === '\\' && i + 1 < text.length) {
      push(text[i + 1]!);
      i += 2;
    } else {
      push(c);
      i++;
    }
  }
  if (cur !== null) words.push(cur);
  return words;
}

const DATA_FLAGS = new Set(['-d', '--data', '--data-raw', '--data-binary', '--data-ascii']);

export function parsePastedRequest(text: string): PastedRequest {
  const trimmed = text.trim();
  if (!/^curl\s/.test(trimmed)) return { method: 'POST', url: null, headers: {}, body: text };
  const words = shellWords(trimmed).slice(1);
  let method: string | null = null;
  let url: string | null = null;
  const headers: Record<string, string> = {};
  const data: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const next = (): string => {
      const v = words[++i];
      if (v === undefined) throw new Error(`${w} needs a value`);
      return v;
    };
    if (w === '-X' || w === '--request') method = next().toUpperCase();
    else if (w === '-H' || w === '--header') {
      const h = next();
      const colon = h.indexOf(':');
      if (colon > 0) headers[h.slice(0, colon).trim().toLowerCase()] = h.slice(colon + 1).trim();
    } else if (DATA_FLAGS.has(w)) data.push(next());
    else if (w === '--url') url = next();
    else if (!w.startsWith('-') && url === null) url = w;
  }
  return { method: method ?? (data.length ? 'POST' : 'GET'), url, headers, body: data.join('&') };
}

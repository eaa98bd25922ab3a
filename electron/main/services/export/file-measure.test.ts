import { describe, expect, it } from 'vitest';
import { csvRecordCounter, lineCounter } from './file-measure';

function count(counter: { feed(b: Buffer): void; records(): number }, text: string, chunk = 3): number {
  const buf = Buffer.from(text, 'utf8');
  for (let i = 0; i < buf.length; i += chunk) counter.feed(buf.subarray(i, i + chunk));
  return counter.records();
}

describe('row counting', () => {
  it('counts CSV records, not lines: line breaks inside quotes belong to the field', () => {
    expect(count(csvRecordCounter(), 'h1,h2\r\n1,"a\r\nb"\r\n2,"say ""hi""\nthere"\r\n')).toBe(3);
    expect(count(csvRecordCounter(), 'h1,h2\r\n1,x')).toBe(2);
    expect(count(csvRecordCounter(), '')).toBe(0);
  });

  it('counts JSON lines, ignoring a missing last newline and blank lines', () => {
    expect(count(lineCounter(), '{"a":1}\n{"a":2}\n')).toBe(2);
    expect(count(lineCounter(), '{"a":1}\n\n{"a":2}')).toBe(2);
    expect(count(lineCounter(), '\r\n')).toBe(0);
  });
});

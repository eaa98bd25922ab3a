import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from './csv-writer';

describe('CSV quoting', () => {
  const tricky = ['plain', '', 'a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', '"', ',', ' padded ', '认证记录，中文', 'emoji 😀', '-20101', '10.0.0.1'];

  it('is byte-identical to csv-stringify for text without formula prefixes', () => {
    // csv-stringify leaves a bare LF unquoted when records end in CRLF; Excel would split the row
    // there, so the writer quotes every line break, which is what `quoted_match` asks of the library.
    const expected = stringify([tricky], { record_delimiter: '\r\n', quoted_match: /\n/ });
    expect(csvLine(tricky)).toBe(expected);
  });

  it('renders numbers, booleans and nulls', () => {
    expect(csvLine([1, true, false, null, 'x'])).toBe('1,true,false,,x\r\n');
  });

  it('neutralises cells a spreadsheet would run as formulas, but not plain numbers', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+cmd')).toBe("'+cmd");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-20101')).toBe('-20101');
    expect(csvField('+8.5')).toBe('+8.5');
  });
});

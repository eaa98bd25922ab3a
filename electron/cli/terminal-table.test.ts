import { describe, expect, it } from 'vitest';
import { cell, charWidth, displayWidth, padDisplay, writeTable, type Column } from './terminal-table';

describe('terminal display width', () => {
  it('counts East Asian wide and fullwidth characters as two columns', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('鲸选商城')).toBe(8);
    expect(displayWidth('移动取号失败（超时）')).toBe(20);
    expect(displayWidth('ＡＢ')).toBe(4);
    expect(displayWidth('한국')).toBe(4);
    expect(displayWidth('𠀋')).toBe(2); // CJK extension B, outside the BMP
    expect(displayWidth('🙂')).toBe(2);
  });

  it('counts combining marks, zero-width joiners and controls as nothing', () => {
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('a\u200db')).toBe(2);
    expect(charWidth('\u0007')).toBe(0);
  });

  it('pads and cuts cells to an exact width, never splitting a wide character', () => {
    expect(cell('鲸选商城', 5)).toBe('鲸选 ');
    expect(displayWidth(cell('鲸选商城', 5))).toBe(5);
    expect(cell('ab', 4)).toBe('ab  ');
    expect(cell('a\nb', 3)).toBe('a b');
    expect(padDisplay('云途', 6)).toBe('云途  ');
    expect(padDisplay('12', 4, 'right')).toBe('  12');
    expect(padDisplay('鲸选商城', 2)).toBe('鲸选商城');
  });

  it('aligns every column of a table with mixed Chinese and Latin rows', () => {
    const rows = [
      { app: '鲸选商城', code: '105002', d: '移动取号失败' },
      { app: 'demo-app', code: '0', d: 'ok' },
      { app: '速达出行（测试）', code: '200023', d: 'timeout 请求超时' },
    ];
    const cols: Column<(typeof rows)[number]>[] = [
      ['app', 12, (r) => r.app],
      ['code', 8, (r) => r.code],
      ['description', 20, (r) => r.d],
    ];
    let text = '';
    writeTable(cols, rows, (s) => (text += s));
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    // The code column starts at display column 13 on every line.
    for (const line of lines) {
      let w = 0;
      let i = 0;
      const chars = [...line];
      while (w < 13) w += charWidth(chars[i++]!);
      expect(w).toBe(13);
      expect(chars[i - 1]).toBe(' ');
      expect(chars[i]).not.toBe(' ');
    }
  });
});

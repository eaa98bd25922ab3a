/**
 * Draws an option server-side to SVG (no canvas in tests) with whatever ECharts the test file
 * registered, and collects what ECharts complained about: an unregistered series or component is
 * reported on the console, or throws.
 */
import { vi } from 'vitest';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { CHART_THEME_NAMES } from '../../theme/chart-theme-names';
import type { ChartOption } from '../echarts';

use([SVGRenderer]);

export function drawSvg(option: ChartOption): { svg: string; complaints: string[] } {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const chart = init(null, CHART_THEME_NAMES.light, { renderer: 'svg', ssr: true, width: 600, height: 300 });
  let svg = '';
  const complaints: string[] = [];
  try {
    chart.setOption(option);
    svg = chart.renderToSVGString();
  } catch (e) {
    complaints.push(`threw: ${String(e)}`);
  }
  chart.dispose();
  complaints.push(...[...warn.mock.calls, ...error.mock.calls].map((c) => c.map(String).join(' ')));
  warn.mockRestore();
  error.mockRestore();
  return { svg, complaints };
}

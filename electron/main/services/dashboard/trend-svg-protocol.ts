/** The messages between the dashboard trend's drawing (trend-svg.ts) and its worker thread (trend-svg-worker.ts). */
import type { TrendOption } from '../../../../shared/charts/trend-option';

export interface TrendSvgRequest {
  id: number;
  option: TrendOption;
  /** The ECharts theme (shared/charts/chart-theme.ts), as data. */
  theme: Record<string, unknown>;
  width: number;
  height: number;
}

export type TrendSvgReply = { id: number; svg: string } | { id: number; error: string };

// ECharts, taken apart so the bundle holds only what the activity chart draws: bar and line series, the grid,
// tooltip and legend, and the SVG renderer. Loaded on demand (a chunk of its own) by ActivityChart.
import { init, use as registerParts, type ComposeOption, type EChartsType } from 'echarts/core';
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import { GridComponent, LegendPlainComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

registerParts([BarChart, LineChart, GridComponent, TooltipComponent, LegendPlainComponent, SVGRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption>;

export function createChart(element: HTMLElement): EChartsType {
  return init(element, null, { renderer: 'svg' });
}

// Chart.js, loaded on first use (a dynamic import: its own chunk, not in the start-up bundle) and
// registered with only the parts the Balances charts draw: lines, stacked bars, tooltips, legend.

import type { Chart as ChartType } from 'chart.js';

export type ChartConstructor = typeof ChartType;

let loading: Promise<ChartConstructor> | null = null;

/** The Chart class, ready to draw line and bar charts. */
export function loadChart(): Promise<ChartConstructor> {
  loading ??= import('chart.js').then((lib) => {
    lib.Chart.register(
      lib.LineController,
      lib.LineElement,
      lib.PointElement,
      lib.BarController,
      lib.BarElement,
      lib.CategoryScale,
      lib.LinearScale,
      lib.Filler,
      lib.Tooltip,
      lib.Legend,
    );
    return lib.Chart;
  });
  return loading;
}

// Chart.js, loaded on first use (a dynamic import: its own chunk, not in the start-up bundle) and
// registered with only the parts the Balances charts draw: lines, stacked bars, tooltips, legend.

import type { Chart as ChartType } from 'chart.js';

export type ChartConstructor = typeof ChartType;

let loading: Promise<ChartConstructor> | null = null;

/** The Chart class, ready to draw line and bar charts. */
export function loadChart(): Promise<ChartConstructor> {
  loading ??= import('chart.js').then(
    ({ Chart, LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Filler, Tooltip, Legend }) => {
      Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Filler, Tooltip, Legend);
      return Chart;
    },
  );
  return loading;
}

import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import type { SimianEvent } from '../../core/events/event.js';
import { axisLabel, displayedZone } from './format.js';
import { showsMode } from './modes.js';

/**
 * x (seconds), then per series one y per x: the lane of the event, or null when the point is another series'. Events
 * of runs that can act are dry run or armed; the rest (findings, alerts, the kill switch) are plain points.
 */
function chartData(events: readonly SimianEvent[], lanes: readonly string[]): uPlot.AlignedData {
  const xs: number[] = [];
  const dry: (number | null)[] = [];
  const armed: (number | null)[] = [];
  const other: (number | null)[] = [];
  for (const event of events) {
    const lane = lanes.indexOf(event.monkey ?? 'simian');
    const series = !showsMode(event) ? other : event.dryRun ? dry : armed;
    xs.push(Date.parse(event.timestamp ?? '') / 1000);
    for (const each of [dry, armed, other]) each.push(each === series ? lane : null);
  }
  return [xs, dry, armed, other];
}

/**
 * The time axis in the calendar's zone, 24-hour: "14:05", with the day under the first tick of each day ("7 Dec");
 * days alone when the ticks are a day or more apart. The labels are kept on the chart's element (data-ticks) so the
 * browser test can read what the canvas shows.
 */
function timeLabels(element: HTMLElement) {
  return (_chart: uPlot, splits: number[]): string[] => {
    const step = (splits[1] ?? 0) - (splits[0] ?? 0);
    let lastDay = '';
    const labels = splits.map((seconds) => {
      const day = axisLabel(seconds, true);
      if (step >= 86_400) return day;
      const time = axisLabel(seconds, false);
      const first = day !== lastDay;
      lastDay = day;
      return first ? `${time}\n${day}` : time;
    });
    element.dataset.ticks = labels.join('|');
    return labels;
  };
}

const points = (color: string, fill: string): uPlot.Series => ({
  stroke: color,
  paths: () => null,
  points: { show: true, size: 9, width: 2, stroke: color, fill },
});

/**
 * Events over time, one lane per monkey: hollow points for dry runs, filled red ones for armed actions, grey ones for
 * the rest. The chart is made again only when the lanes change; new events only replace its data (no flicker at each
 * poll).
 */
export function LanesChart({ events, lanes }: { events: readonly SimianEvent[]; lanes: readonly string[] }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latest = useRef(events);
  latest.current = events;
  const laneKey = lanes.join('\n');
  // laneKey stands for lanes, a new array at each poll: the chart is made again only when the lanes differ.
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const height = Math.max(140, lanes.length * 34 + 70);
    const options: uPlot.Options = {
      width: element.clientWidth || 600,
      height,
      scales: { x: { time: true }, y: { range: [-0.6, Math.max(0, lanes.length - 1) + 0.6] } },
      // Ticks on round hours and days of the calendar's zone, not the browser's.
      tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), displayedZone()),
      axes: [
        // 80 px between ticks: a "14:05" label with its day below never touches the next one.
        { stroke: '#475569', grid: { stroke: '#e2e8f0' }, space: 80, size: 56, values: timeLabels(element) },
        {
          stroke: '#475569',
          size: 90,
          grid: { stroke: '#f1f5f9' },
          splits: () => lanes.map((_, index) => index),
          values: (_chart, splits) => splits.map((index) => lanes[index] ?? ''),
        },
      ],
      series: [
        { label: 'time' },
        { label: 'dry run', ...points('#2563eb', '#ffffff') },
        { label: 'armed', ...points('#dc2626', '#dc2626') },
        { label: 'other', ...points('#64748b', '#cbd5e1') },
      ],
      cursor: { y: false },
    };
    const made = new uPlot(options, chartData(latest.current, lanes), element);
    chart.current = made;
    const resize = new ResizeObserver(() => made.setSize({ width: element.clientWidth, height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      made.destroy();
      chart.current = null;
    };
  }, [laneKey]);
  useEffect(() => {
    chart.current?.setData(chartData(events, lanes));
  }, [events]);
  return <div class="chart" ref={box} role="img" aria-label="events over time per monkey" />;
}

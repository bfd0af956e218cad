import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import type { SimianEvent } from '../../core/events/event.js';

/** x (seconds), then per series one y per x: the lane of the event, or null when the point is another series'. */
function chartData(events: readonly SimianEvent[], lanes: readonly string[]): uPlot.AlignedData {
  const xs: number[] = [];
  const dry: (number | null)[] = [];
  const armed: (number | null)[] = [];
  for (const event of events) {
    const lane = lanes.indexOf(event.monkey ?? 'simian');
    xs.push(Date.parse(event.timestamp ?? '') / 1000);
    dry.push(event.dryRun ? lane : null);
    armed.push(event.dryRun ? null : lane);
  }
  return [xs, dry, armed];
}

const points = (color: string, fill: string): uPlot.Series => ({
  stroke: color,
  paths: () => null,
  points: { show: true, size: 9, width: 2, stroke: color, fill },
});

/**
 * Events over time, one lane per monkey: hollow points for dry runs, filled red ones for armed actions. The chart is
 * made again only when the lanes change; new events only replace its data (no flicker at each poll).
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
      axes: [
        { stroke: '#475569', grid: { stroke: '#e2e8f0' } },
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

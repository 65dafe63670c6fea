import { BarController, BarElement, CategoryScale, Chart, type ChartConfiguration, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

// Only what the console draws, so the bundle carries no unused chart types.
Chart.register(LineController, BarController, LineElement, PointElement, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export interface Series {
  label: string;
  values: (number | null)[];
  color: string;
}

/**
 * A line or bar chart of percentages; clicking a point or bar calls onPick with the
 * series and label index, so every value leads to the dossiers behind it.
 */
export function PercentChart({ type, labels, series, onPick, testId }: { type: 'line' | 'bar'; labels: string[]; series: Series[]; onPick: (seriesIndex: number, labelIndex: number) => void; testId?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    if (!canvas.current) return;
    const config: ChartConfiguration<'line' | 'bar', (number | null)[], string> = {
      type,
      data: {
        labels,
        datasets: series.map((s) => ({ label: s.label, data: s.values, borderColor: s.color, backgroundColor: s.color, spanGaps: true, tension: 0.2 })),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', intersect: true },
        scales: { y: { min: 0, max: 100, ticks: { callback: (v) => `${v} %` } } },
        plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label ?? ''}: ${c.parsed.y == null ? 'N/A' : `${c.parsed.y} %`}` } } },
        onClick: (_event, elements) => {
          const hit = elements[0];
          if (hit) pick.current(hit.datasetIndex, hit.index);
        },
        onHover: (event, elements) => {
          const target = event.native?.target as HTMLElement | undefined;
          if (target) target.style.cursor = elements.length ? 'pointer' : 'default';
        },
      },
    };
    // Where each point or bar is drawn, for keyboardless checks and the browser tests' clicks.
    config.plugins = [
      {
        id: 'point-positions',
        afterRender: (c) => {
          const points = c.data.datasets.flatMap((_, d) => c.getDatasetMeta(d).data.map((el, i) => ({ d, i, x: Math.round(el.x), y: Math.round(el.y), v: c.data.datasets[d]?.data[i] ?? null })));
          c.canvas.parentElement?.setAttribute('data-points', JSON.stringify(points));
        },
      },
    ];
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [type, JSON.stringify(labels), JSON.stringify(series)]);

  return (
    <div class="chart" data-testid={testId}>
      <canvas ref={canvas} />
    </div>
  );
}

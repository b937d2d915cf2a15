// Text exposition of the simulated cluster: what a scrape sees now (Prometheus text format 0.0.4), and history as
// OpenMetrics with timestamps for `promtool tsdb create-blocks-from openmetrics` backfills.
import type { Labels } from '../metric-source.ts';
import type { SimulatedCluster } from './cluster.ts';
import type { MetricFamily, SimSeries } from './series.ts';

function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatLabels(labels: Labels): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(labels)) {if (k !== '__name__') {parts.push(`${k}="${escapeLabelValue(v)}"`);}}
  return parts.length ? `{${parts.join(',')}}` : '';
}

export function formatValue(v: number): string {
  if (Number.isNaN(v)) {return 'NaN';}
  if (v === Infinity) {return '+Inf';}
  if (v === -Infinity) {return '-Inf';}
  return String(v);
}

const alive = (s: SimSeries, t: number) => s.startMs <= t && t <= s.endMs;

/** Prometheus text format 0.0.4 at one instant: every family's HELP/TYPE, then its live series. */
export function renderExposition(cluster: SimulatedCluster, atMs: number): string {
  const lines: string[] = [];
  for (const f of cluster.families) {
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.series) {
      if (alive(s, atMs)) {lines.push(`${s.labels.__name__}${formatLabels(s.labels)} ${formatValue(s.value(atMs))}`);}
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Series that form one metric point together (a histogram's buckets, sum and count share labels apart from le). */
function pointGroups(f: MetricFamily): SimSeries[][] {
  if (f.type !== 'histogram') {return f.series.map((s) => [s]);}
  const groups = new Map<string, SimSeries[]>();
  for (const s of f.series) {
    const { __name__: _, le: _le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const g = groups.get(key);
    if (g) {g.push(s);} else {groups.set(key, [s]);}
  }
  return [...groups.values()];
}

/**
 * OpenMetrics history on the grid fromMs..toMs every intervalMs (timestamps in seconds), ending with # EOF, written in
 * chunks so days of history need not fit in one string.
 */
export function writeOpenMetricsHistory(
  cluster: SimulatedCluster, fromMs: number, toMs: number, intervalMs: number, write: (chunk: string) => void,
): void {
  if (!(intervalMs > 0)) {throw new Error('intervalMs must be positive');}
  const first = Math.ceil(fromMs / intervalMs) * intervalMs;
  for (const f of cluster.families) {
    // OpenMetrics names a counter family without its _total suffix.
    const name = f.type === 'counter' ? f.name.replace(/_total$/, '') : f.name;
    write(`# HELP ${name} ${escapeHelp(f.help)}\n# TYPE ${name} ${f.type}\n`);
    for (const group of pointGroups(f)) {
      const start = Math.max(first, Math.ceil(Math.min(...group.map((s) => s.startMs)) / intervalMs) * intervalMs);
      const end = Math.min(toMs, Math.max(...group.map((s) => s.endMs)));
      const prefixes = group.map((s) => `${s.labels.__name__}${formatLabels(s.labels)} `);
      let chunk = '';
      for (let t = start; t <= end; t += intervalMs) {
        const ts = ` ${t / 1000}\n`;
        for (let i = 0; i < group.length; i++) {if (alive(group[i], t)) {chunk += prefixes[i] + formatValue(group[i].value(t)) + ts;}}
        if (chunk.length > 1 << 16) {
          write(chunk);
          chunk = '';
        }
      }
      if (chunk) {write(chunk);}
    }
  }
  write('# EOF\n');
}

export function renderOpenMetricsHistory(cluster: SimulatedCluster, fromMs: number, toMs: number, intervalMs: number): string {
  const parts: string[] = [];
  writeOpenMetricsHistory(cluster, fromMs, toMs, intervalMs, (c) => parts.push(c));
  return parts.join('');
}

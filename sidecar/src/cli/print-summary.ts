// What `npm start` prints for a person at a terminal: where the sidecar is, and, once the first forecasts are in,
// the soonest predicted exhaustions; once the first anomaly and outlier runs are in, the top anomalies and outliers.
import type { AnomalySummary, ForecastSummary, OutlierGroupResult } from '../api/contract.ts';
import type { DetectionReader } from '../anomalies/detection-reader.ts';
import type { ForecastReader } from '../forecasts/forecast-reader.ts';

export interface AnnounceOptions {
  url: string;
  token: string;
  showToken: boolean;
  demo: boolean;
  out?: (text: string) => void;
}

const SHOWN = 8;

export function printSoonestExhaustions(reader: ForecastReader, options: AnnounceOptions): void {
  const out = options.out ?? ((text: string) => process.stdout.write(text));
  out(`\nProphet AIOps sidecar listening on ${options.url}${options.demo ? ' (demo: simulated cluster)' : ''}\n`);
  if (options.showToken) {
    out(`API token (generated for this run): ${options.token}\n`);
    out(`  try: curl -H "Authorization: Bearer ${options.token}" ${options.url}/api/forecasts\n`);
  }
  out(`OpenAPI: ${options.url}/openapi.json   metrics: ${options.url}/metrics\n`);
  out('Running the first forecasts…\n');
  const poll = setInterval(() => {
    if (reader.ready()) {
      clearInterval(poll);
      out(formatSoonest(reader.list().forecasts, reader.jobs().filter((j) => j.state === 'error').map((j) => j.name)));
    }
  }, 250);
  poll.unref();
}

export function formatSoonest(forecasts: ForecastSummary[], failedJobs: string[]): string {
  const crossing = forecasts.filter((f) => f.crossing?.at != null).slice(0, SHOWN);
  const lines = [`\nSoonest predicted exhaustions (${crossing.length} of ${forecasts.length} series cross a threshold):`];
  for (const f of crossing) {
    const inText = formatIn(f.secondsToThreshold ?? 0);
    const range = f.crossing!.earliest != null ? ` (earliest ${new Date(f.crossing!.earliest).toISOString()})` : '';
    lines.push(`  in ${inText.padEnd(8)} ${f.title}  [${f.model}]${range}`);
  }
  if (crossing.length === 0) {
    lines.push('  none within the forecast horizons');
  }
  if (failedJobs.length > 0) {
    lines.push(`Failed jobs: ${failedJobs.join(', ')} (see GET /api/jobs)`);
  }
  return lines.join('\n') + '\n';
}

function formatIn(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes}m` : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** Once the first anomaly and outlier runs are in: the most severe anomalies and the outlying members. */
export function printDetectionSummary(reader: DetectionReader, out = (text: string) => void process.stdout.write(text)) {
  const poll = setInterval(() => {
    if (reader.ready()) {
      clearInterval(poll);
      out(formatDetection(reader.anomalies().anomalies, reader.outliers().groups));
    }
  }, 250);
  poll.unref();
}

export function formatDetection(anomalies: AnomalySummary[], groups: OutlierGroupResult[]): string {
  const withEvents = anomalies.filter((a) => a.latestEvent !== null);
  const open = withEvents.slice(0, SHOWN);
  const lines = [
    `\nAnomalies (${withEvents.length} of ${anomalies.length} series had an anomaly in their detection window):`,
  ];
  for (const a of open) {
    const e = a.latestEvent!;
    const state = e.ongoing ? `since ${clock(e.start)}` : `${clock(e.start)}–${clock(e.end)}`;
    const limit = e.limitAt !== null ? `, reaches its limit ${clock(e.limitAt)}` : '';
    lines.push(`  ${a.score.toFixed(2)}  ${e.kind} ${e.direction} ${state}${limit}  ${a.title}`);
  }
  if (open.length === 0) {
    lines.push('  none');
  }
  const outlying = groups.flatMap((g) => g.members.filter((m) => m.outlying).map((m) => ({ g, m })));
  lines.push(`Outliers (${outlying.length} members of ${groups.length} groups):`);
  for (const { g, m } of outlying.slice(0, SHOWN)) {
    lines.push(`  ${m.id} in ${g.title}: ${m.reasons[0]?.summary ?? ''}`);
  }
  if (outlying.length === 0) {
    lines.push('  none');
  }
  return lines.join('\n') + '\n';
}

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16) + 'Z';
}

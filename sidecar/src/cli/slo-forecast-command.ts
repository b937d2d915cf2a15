// `prophet-aiops slo forecast --input <sli.csv> --objective 0.999 --window 30d|calendar-month [--format csv|json]`:
// an SLO's status and error-budget exhaustion forecast from a CSV of per-step event counts, offline, with the same
// computation the sidecar runs. The CSV has a `timestamp` column and `total` and `errors` columns: the events in
// the step that ends at each timestamp (e.g. increase(http_requests_total[5m]) exported at a 5m step). Same input
// rules as `forecast`: one timestamp format, a regular step (skipped rows are gaps), empty/NaN/null are gaps;
// anything else wrong is an error naming the file and line (exit 1).
import { readFile } from 'node:fs/promises';
import { BURN_WINDOWS } from '../ml/index.ts';
import { mathSpec, sloFigures } from '../slos/evaluate.ts';
import type { SloWindow } from '../slo/spec.ts';
import { CsvInputError, formatTimestamp } from './csv-series.ts';
import { isGap, readTimedCsv } from './csv-timed.ts';


export interface SloForecastCommandOptions {
  input: string;
  objective: number;
  window: SloWindow;
  format: 'csv' | 'json';
}

export interface SloForecastOutput {
  file: string;
  objective: number;
  window: string;
  stepSeconds: number;
  now: string;
  sli: number | null;
  budgetRemaining: number | null;
  burnRates: Record<string, number | null>;
  alertState: 'page' | 'ticket' | 'none';
  alerts: Array<{ severity: string; longWindow: string; shortWindow: string; factor: number; firing: boolean | null }>;
  forecast: {
    outcome: string;
    exhaustedAt: string | null;
    earliest: string | null;
    latest: string | null;
    endAt: string;
    budgetAtEnd: { expected: number | null; lower: number | null; upper: number | null };
    safeBurnRate: number | null;
    models: { total: string; errors: string } | null;
  };
  missingSteps: number;
  partialWindow: boolean;
}

export async function runSloForecastCommand(
  options: SloForecastCommandOptions,
  stdout: (text: string) => void,
  stderr: (text: string) => void
): Promise<number> {
  let text: string;
  try {
    text = await readFile(options.input, 'utf8');
  } catch (error) {
    stderr(`prophet-aiops: ${options.input}: cannot read: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    const output = sloForecast(options, text);
    stdout(options.format === 'json' ? `${JSON.stringify(output, null, 2)}\n` : toCsv(output));
    return 0;
  } catch (error) {
    if (error instanceof CsvInputError) {
      stderr(`prophet-aiops: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

export function sloForecast(options: SloForecastCommandOptions, text: string): SloForecastOutput {
  const file = options.input;
  const csv = readTimedCsv(file, text, {
    expected: '"timestamp,total,errors" (events per step) and data rows',
    columns(header, _timeColumn, fail) {
      const index = (name: string) => header.findIndex((h) => h.toLowerCase() === name);
      const columns = { total: index('total'), errors: index('errors') };
      if (columns.total < 0 || columns.errors < 0 || header.length !== 3) {
        fail(1, `expected the columns timestamp,total,errors (events per step), got "${header.join(',')}"`);
      }
      return columns;
    },
    row(fields, columns, line, fail) {
      const count = (column: number, name: string) => {
        const raw = fields[column].trim();
        const v = isGap(raw) ? NaN : Number(raw);
        if (!isGap(raw) && !Number.isFinite(v)) {
          fail(line, `value "${raw}" in column ${column + 1} (${name}) is not a number`);
        }
        return v;
      };
      const total = count(columns.total, 'total');
      const errors = count(columns.errors, 'errors');
      if (total < 0 || errors < 0) {
        fail(line, `counts cannot be negative (total ${total}, errors ${errors})`);
      }
      if (errors > total) {
        fail(line, `more errors (${errors}) than total events (${total}) in one step`);
      }
      return { total, errors };
    },
  });
  const total = { values: csv.rows.map((row) => row?.total ?? NaN) };
  const errors = { values: csv.rows.map((row) => row?.errors ?? NaN) };
  const spec = mathSpec({ objective: options.objective, window: options.window });
  const series = { timestamps: csv.timestamps.map((t) => t / 1000), total: total.values, errors: errors.values };
  const { status, forecast } = sloFigures(series, spec, { stepSeconds: csv.stepMs / 1000 });
  const ts = (seconds: number | null) => (seconds === null ? null : formatTimestamp(seconds * 1000, csv.format));
  return {
    file,
    objective: options.objective,
    window: options.window.kind === 'rolling' ? options.window.duration : 'calendar-month',
    stepSeconds: csv.stepMs / 1000,
    now: ts(status.now)!,
    sli: status.sli,
    budgetRemaining: status.budgetRemaining,
    burnRates: Object.fromEntries(BURN_WINDOWS.map((w) => [w, status.burnRates[w]])),
    alertState: status.alertState,
    alerts: status.alerts.map((a) => ({
      severity: a.severity,
      longWindow: a.longWindow,
      shortWindow: a.shortWindow,
      factor: a.factor,
      firing: a.firing,
    })),
    forecast: {
      outcome: forecast.outcome,
      exhaustedAt: ts(forecast.exhaustedAt),
      earliest: ts(forecast.earliest),
      latest: ts(forecast.latest),
      endAt: ts(forecast.endAt)!,
      budgetAtEnd: { ...forecast.budgetAtEnd },
      safeBurnRate: forecast.safeBurnRate,
      models: forecast.models,
    },
    missingSteps: status.missingSteps,
    partialWindow: status.partialWindow,
  };
}

/** field,value rows: the figures first, then the forecast. Empty value = unknown / does not happen. */
export function toCsv(o: SloForecastOutput): string {
  const v = (x: number | string | boolean | null) => (x === null ? '' : String(x));
  const rows: Array<[string, number | string | boolean | null]> = [
    ['objective', o.objective],
    ['window', o.window],
    ['step_seconds', o.stepSeconds],
    ['now', o.now],
    ['sli', o.sli],
    ['budget_remaining', o.budgetRemaining],
    ...BURN_WINDOWS.map((w): [string, number | null] => [`burn_rate_${w}`, o.burnRates[w]]),
    ['alert_state', o.alertState],
    ['outcome', o.forecast.outcome],
    ['exhausted_at', o.forecast.exhaustedAt],
    ['exhausted_earliest', o.forecast.earliest],
    ['exhausted_latest', o.forecast.latest],
    ['forecast_end', o.forecast.endAt],
    ['budget_at_end', o.forecast.budgetAtEnd.expected],
    ['budget_at_end_lower', o.forecast.budgetAtEnd.lower],
    ['budget_at_end_upper', o.forecast.budgetAtEnd.upper],
    ['safe_burn_rate', o.forecast.safeBurnRate],
    ['missing_steps', o.missingSteps],
    ['partial_window', o.partialWindow],
  ];
  return ['field,value', ...rows.map(([k, x]) => `${k},${v(x)}`)].join('\n') + '\n';
}

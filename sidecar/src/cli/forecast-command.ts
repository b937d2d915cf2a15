// `prophet-aiops forecast`: forecasts CSV files offline with the same engine the sidecar runs.
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { seasonalPeriodsInSteps } from '../forecasts/seasonal-periods.ts';
import { forecast } from '../ml/index.ts';
import { CsvInputError, formatTimestamp, parseCsvSeries, type CsvSeries } from './csv-series.ts';
import { UsageError } from './usage-error.ts';

export interface ForecastCommandOptions {
  input: string;
  horizon: number;
  level: number;
  format: 'csv' | 'json';
  out?: string;
}

export interface ForecastOutput {
  file: string;
  model: string;
  mase: number | null;
  stepSeconds: number;
  points: Array<{ timestamp: string; yhat: number; lower: number; upper: number }>;
}

export function forecastCsvSeries(series: CsvSeries, horizon: number, level: number): ForecastOutput {
  const result = forecast(series.values, { horizon, level, seasonalPeriods: seasonalPeriodsInSteps(series.stepMs) });
  const last = series.timestamps[series.timestamps.length - 1];
  return {
    file: series.file,
    model: result.model,
    mase: Number.isFinite(result.mase) ? result.mase : null,
    stepSeconds: series.stepMs / 1000,
    points: result.yhat.map((yhat, i) => ({
      timestamp: formatTimestamp(last + (i + 1) * series.stepMs, series.format),
      yhat,
      lower: result.lower[i],
      upper: result.upper[i],
    })),
  };
}

export function toCsv(output: ForecastOutput, withFile = false): string {
  const head = `${withFile ? 'file,' : ''}timestamp,yhat,lower,upper`;
  const rows = output.points.map(
    (p) => `${withFile ? `${csvField(output.file)},` : ''}${csvField(p.timestamp)},${p.yhat},${p.lower},${p.upper}`
  );
  return [head, ...rows].join('\n') + '\n';
}

/** Runs the command; returns the exit code. Errors of one file are reported and the other files still forecast. */
export async function runForecastCommand(
  options: ForecastCommandOptions,
  stdout: (text: string) => void,
  stderr: (text: string) => void
): Promise<number> {
  const files = await inputFiles(options.input);
  const outputs: ForecastOutput[] = [];
  let failures = 0;
  for (const file of files) {
    try {
      const series = parseCsvSeries(file, await readFile(file, 'utf8'));
      outputs.push(forecastCsvSeries(series, options.horizon, options.level));
    } catch (error) {
      failures += 1;
      const message = error instanceof CsvInputError ? error.message : `${file}: ${(error as Error).message}`;
      stderr(`error: ${message}\n`);
    }
  }

  if (options.out) {
    await mkdir(options.out, { recursive: true });
    for (const output of outputs) {
      const name = `${basename(output.file, extname(output.file))}.forecast.${options.format}`;
      const body = options.format === 'json' ? JSON.stringify(output, null, 2) + '\n' : toCsv(output);
      await writeFile(join(options.out, name), body);
      stderr(`wrote ${join(options.out, name)} (model ${output.model})\n`);
    }
  } else if (options.format === 'json') {
    stdout(JSON.stringify(files.length === 1 && outputs.length === 1 ? outputs[0] : outputs, null, 2) + '\n');
  } else {
    // One file prints plain timestamp,yhat,lower,upper; a directory adds a file column so rows stay attributable.
    const many = files.length > 1;
    outputs.forEach((output, i) => stdout(many && i > 0 ? toCsv(output, true).split('\n').slice(1).join('\n') : toCsv(output, many)));
  }
  return failures > 0 ? 1 : 0;
}

async function inputFiles(input: string): Promise<string[]> {
  const info = await stat(input).catch(() => {
    throw new UsageError(`--input ${input}: no such file or directory`);
  });
  if (!info.isDirectory()) {
    return [input];
  }
  const names = (await readdir(input)).filter((name) => name.toLowerCase().endsWith('.csv')).sort();
  if (names.length === 0) {
    throw new UsageError(`--input ${input}: the directory has no .csv files`);
  }
  return names.map((name) => join(input, name));
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

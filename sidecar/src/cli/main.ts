#!/usr/bin/env node
// prophet-aiops: the sidecar's command line (serve, demo, forecast, detect, outliers, slo, simulate).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { ConfigError, isDuration, loadConfig, parseDuration } from '../config/index.ts';
import { runSloRulesCommand } from '../slo/index.ts';
import { runSloForecastCommand } from './slo-forecast-command.ts';
import { DEFAULT_ANOMALY_THRESHOLD } from '../ml/index.ts';
import { runDetectCommand } from './detect-command.ts';
import { runForecastCommand } from './forecast-command.ts';
import { runOutliersCommand } from './outliers-command.ts';
import { startService } from './serve-command.ts';
import { runSimulateCommand } from './simulate-command.ts';
import { UsageError } from './usage-error.ts';
import { VERSION } from './version.ts';

const USAGE = `Usage: prophet-aiops <command> [options]

Commands:
  demo      [--config <file>] [--port <n>]
            Run the sidecar on the built-in simulated cluster (ignores any Prometheus URL). Prints the URL, a
            generated API token (unless one is configured) and the soonest predicted exhaustions.
  serve     [--config <file>]
            Run the sidecar; reads Prometheus when prometheus.url / PROPHET_PROMETHEUS_URL is set, else simulates.
  forecast  --input <file.csv|dir> --horizon <steps> [--level 0.95] [--format csv|json] [--out <dir>]
            Forecast CSV files (timestamp,value) offline; prints timestamp,yhat,lower,upper per future step.
  outliers  --input <wide.csv|dir> [--format csv|json] [--algorithm dbscan|mad] [--threshold 4]
            [--min-relative-deviation 0.2] [--min-points 3]
            Find the members of a group that behave unlike the rest. Input: a CSV with a timestamp column and one
            column per member (a directory: one such file per feature, e.g. cpu.csv, memory.csv); at least 3
            members. Prints member,start,end,direction,score per outlying interval (json: the full explanation).
  detect    --input <file.csv|dir> [--out <dir>] [--threshold <0..1>]
            Score every row of CSV files (timestamp,value) for anomalies, causally (each row from itself and the
            rows before it); prints timestamp,value,anomaly_score,is_anomaly per input row (is_anomaly: score ≥
            the threshold, default ${DEFAULT_ANOMALY_THRESHOLD}). With --out, writes <name>.anomalies.csv per input file.
  slo rules [--config <file>] [--input <file|dir>]... [--defaults] [--out <file>] [--period-interval 5m] [--sloth-period 30d]
            Prometheus recording and alerting rules (Sloth-compatible slo:* series, multiwindow burn-rate alerts)
            for the SLOs of a config file (slos: and sloFiles:) and/or SLO files (ours, Sloth, Pyrra). Defaults
            for the two periods come from the config's sloRules; with neither --config nor --input, PROPHET_CONFIG.
            --defaults adds the demo SLOs the sidecar runs when its config names none.
  slo forecast --input <sli.csv> --objective <0.999> --window <30d|calendar-month> [--format csv|json]
            An SLO's budget remaining, burn rates, alert state and error-budget exhaustion forecast (when, earliest,
            latest, budget at the window end, safe burn rate) from a CSV "timestamp,total,errors" of events per step.
  simulate  [--host 127.0.0.1] [--port 9464] [--seed 42]
            Serve the simulated cluster's metrics at /metrics for a Prometheus to scrape.
  simulate  --history <duration> --out <file> [--step 60s] [--seed 42]
            Write the simulated cluster's past <duration> as OpenMetrics, for promtool tsdb create-blocks-from.

Configuration: a YAML file (--config or PROPHET_CONFIG) plus environment overrides; see sidecar/config.example.yaml.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'demo':
    case 'serve':
      return serve(command, rest);
    case 'forecast':
      return forecastCommand(rest);
    case 'detect':
      return detectCommand(rest);
    case 'outliers':
      return outliersCommand(rest);
    case 'slo':
      return sloCommand(rest);
    case 'simulate':
      return simulate(rest);
    case '--version':
    case 'version':
      process.stdout.write(`${VERSION}\n`);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

async function serve(command: 'demo' | 'serve', args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { config: { type: 'string' }, port: { type: 'string' } },
    strict: true,
  });
  const env = { ...process.env };
  if (values.port !== undefined) {
    env.PROPHET_PORT = values.port;
  }
  const config = loadConfig({
    file: values.config ?? env.PROPHET_CONFIG,
    env,
    mode: command === 'demo' ? 'demo' : 'live',
  });
  await startService(config, { mode: command === 'demo' ? 'demo' : 'live', handleSignals: true, announce: true });
  return -1; // keep running until a signal
}

async function forecastCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      input: { type: 'string' },
      horizon: { type: 'string' },
      level: { type: 'string', default: '0.95' },
      format: { type: 'string', default: 'csv' },
      out: { type: 'string' },
    },
    strict: true,
  });
  if (!values.input) {
    throw new UsageError('forecast: --input <file.csv|dir> is required');
  }
  const horizon = Number(values.horizon);
  if (!Number.isInteger(horizon) || horizon < 1) {
    throw new UsageError(`forecast: --horizon must be a whole number of steps ≥ 1, got "${values.horizon ?? ''}"`);
  }
  const level = Number(values.level);
  if (!(level > 0 && level < 1)) {
    throw new UsageError(`forecast: --level must be between 0 and 1 (e.g. 0.95), got "${values.level}"`);
  }
  if (values.format !== 'csv' && values.format !== 'json') {
    throw new UsageError(`forecast: --format must be csv or json, got "${values.format}"`);
  }
  return runForecastCommand(
    { input: values.input, horizon, level, format: values.format, out: values.out },
    (text) => process.stdout.write(text),
    (text) => process.stderr.write(text)
  );
}

async function detectCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { input: { type: 'string' }, out: { type: 'string' }, threshold: { type: 'string' } },
    strict: true,
  });
  if (!values.input) {
    throw new UsageError('detect: --input <file.csv|dir> is required');
  }
  const threshold = values.threshold === undefined ? DEFAULT_ANOMALY_THRESHOLD : Number(values.threshold);
  if (values.threshold !== undefined && (values.threshold.trim() === '' || !(threshold >= 0 && threshold <= 1))) {
    throw new UsageError(`detect: --threshold must be a number from 0 to 1, got "${values.threshold}"`);
  }
  return runDetectCommand(
    { input: values.input, out: values.out, threshold },
    (text) => process.stdout.write(text),
    (text) => process.stderr.write(text)
  );
}

async function outliersCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      input: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      algorithm: { type: 'string', default: 'dbscan' },
      threshold: { type: 'string', default: '4' },
      'min-relative-deviation': { type: 'string', default: '0.2' },
      'min-points': { type: 'string', default: '3' },
    },
    strict: true,
  });
  if (!values.input) {
    throw new UsageError('outliers: --input <wide.csv|dir> is required');
  }
  if (values.format !== 'csv' && values.format !== 'json') {
    throw new UsageError(`outliers: --format must be csv or json, got "${values.format}"`);
  }
  if (values.algorithm !== 'dbscan' && values.algorithm !== 'mad') {
    throw new UsageError(`outliers: --algorithm must be dbscan or mad, got "${values.algorithm}"`);
  }
  const number = (flag: string, text: string, ok: (x: number) => boolean, what: string) => {
    const x = Number(text);
    if (text.trim() === '' || !ok(x)) {
      throw new UsageError(`outliers: --${flag} must be ${what}, got "${text}"`);
    }
    return x;
  };
  const threshold = number(
    'threshold',
    values.threshold,
    (x) => x > 0 && Number.isFinite(x),
    'a number above 0 (robust standard deviations)'
  );
  const minRelativeDeviation = number(
    'min-relative-deviation',
    values['min-relative-deviation'],
    (x) => x >= 0 && Number.isFinite(x),
    'a number of at least 0 (a fraction of the group level, e.g. 0.2)'
  );
  const minPoints = number(
    'min-points',
    values['min-points'],
    (x) => Number.isInteger(x) && x >= 1,
    'a whole number of at least 1'
  );
  return runOutliersCommand(
    {
      input: values.input,
      format: values.format,
      algorithm: values.algorithm,
      threshold,
      minRelativeDeviation,
      minPoints,
    },
    (text) => process.stdout.write(text),
    (text) => process.stderr.write(text)
  );
}

async function sloCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'rules') {
    return sloRules(rest);
  }
  if (sub === 'forecast') {
    return sloForecastCommand(rest);
  }
  throw new UsageError(sub === undefined ? 'slo: expected "rules" or "forecast"' : `slo: unknown command "${sub}"`);
}

async function sloRules(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: 'string' },
      input: { type: 'string', multiple: true },
      defaults: { type: 'boolean' },
      out: { type: 'string' },
      'period-interval': { type: 'string' },
      'sloth-period': { type: 'string' },
    },
    strict: true,
  });
  const inputs = values.input ?? [];
  const defaults = values.defaults === true;
  const config =
    values.config ?? (inputs.length === 0 && !defaults ? process.env.PROPHET_CONFIG || undefined : undefined);
  if (!config && inputs.length === 0 && !defaults) {
    throw new UsageError(
      'slo rules: give --config <file>, --input <file|dir> and/or --defaults (the demo SLOs the sidecar runs when its config names none)'
    );
  }
  const fromConfig = config ? configSloRules(config) : {};
  const duration = (flag: string, text: string | undefined) => {
    if (text !== undefined && !isDuration(text)) {
      throw new UsageError(`slo rules: --${flag} must be a duration like "5m", got "${text}"`);
    }
    return text;
  };
  return runSloRulesCommand(
    {
      config,
      inputs,
      defaults,
      out: values.out,
      periodInterval: duration('period-interval', values['period-interval']) ?? fromConfig.periodInterval,
      slothPeriod: duration('sloth-period', values['sloth-period']) ?? fromConfig.slothPeriod,
    },
    (text) => process.stdout.write(text),
    (text) => process.stderr.write(text)
  );
}

/** The config file's sloRules.periodInterval / slothPeriod, when set as durations (the rules command reports the rest). */
function configSloRules(file: string): { periodInterval?: string; slothPeriod?: string } {
  try {
    const value = parseYaml(readFileSync(file, 'utf8')) as { sloRules?: Record<string, unknown> } | null;
    const pick = (key: string) => {
      const v = value?.sloRules?.[key];
      return typeof v === 'string' && isDuration(v) ? v : undefined;
    };
    return { periodInterval: pick('periodInterval'), slothPeriod: pick('slothPeriod') };
  } catch {
    return {};
  }
}

async function sloForecastCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      input: { type: 'string' },
      objective: { type: 'string' },
      window: { type: 'string' },
      format: { type: 'string', default: 'csv' },
    },
    strict: true,
  });
  if (!values.input) {
    throw new UsageError('slo forecast: --input <sli.csv> is required');
  }
  const objective = Number(values.objective);
  if (values.objective === undefined || values.objective.trim() === '' || !(objective > 0 && objective < 1)) {
    throw new UsageError(
      `slo forecast: --objective must be a ratio between 0 and 1 (0.999 for 99.9%), got "${values.objective ?? ''}"`
    );
  }
  const windowText = values.window ?? '';
  let window: { kind: 'rolling'; duration: string } | { kind: 'calendar'; unit: 'month' };
  if (windowText === 'calendar-month') {
    window = { kind: 'calendar', unit: 'month' };
  } else if (isDuration(windowText) && parseDuration(windowText) >= 86_400_000) {
    window = { kind: 'rolling', duration: windowText };
  } else {
    throw new UsageError(
      `slo forecast: --window must be a rolling window of at least 1d (e.g. 30d) or calendar-month, got "${windowText}"`
    );
  }
  if (values.format !== 'csv' && values.format !== 'json') {
    throw new UsageError(`slo forecast: --format must be csv or json, got "${values.format}"`);
  }
  return runSloForecastCommand(
    { input: values.input, objective, window, format: values.format },
    (text) => process.stdout.write(text),
    (text) => process.stderr.write(text)
  );
}

async function simulate(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '9464' },
      seed: { type: 'string', default: '42' },
      history: { type: 'string' },
      step: { type: 'string', default: '60s' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) {
    throw new UsageError(`simulate: --seed must be an integer, got "${values.seed}"`);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`simulate: --port must be 0–65535, got "${values.port}"`);
  }
  if (values.history !== undefined && !values.out) {
    throw new UsageError('simulate: --history needs --out <file>');
  }
  const duration = (flag: string, text: string) => {
    try {
      return parseDuration(text);
    } catch (error) {
      throw new UsageError(`simulate: ${flag}: ${(error as Error).message}`);
    }
  };
  return runSimulateCommand({
    seed,
    host: values.host,
    port,
    history:
      values.history === undefined
        ? undefined
        : {
            durationMs: duration('--history', values.history),
            stepMs: duration('--step', values.step),
            out: values.out!,
          },
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) {
      process.exitCode = code;
    }
  },
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`prophet-aiops: ${(error as Error).message}\nRun "prophet-aiops help" for usage.\n`);
      process.exitCode = 2;
    } else if (error instanceof ConfigError) {
      process.stderr.write(`prophet-aiops: ${error.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`prophet-aiops: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    }
  }
);

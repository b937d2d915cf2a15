// Anomaly benchmark on the NAB subset in shared/bench/nab: the streaming detector with its shipped defaults (one
// set of parameters and the default threshold for every file), scored with our NAB scorer. Not a test: run with
//   node bench/anomaly/run.ts        (or npm run bench:anomaly)
// Writes bench/results/anomaly.md.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { createAnomalyDetector, DEFAULT_ANOMALY_THRESHOLD } from '../../sidecar/src/ml/index.ts';
import { evaluate, type Figures } from './evaluate.ts';
import { awsSplit, CATEGORIES, loadNab, type NabFile } from './nab-data.ts';
import { PROFILES } from './nab-score.ts';

const THRESHOLD = DEFAULT_ANOMALY_THRESHOLD;

function scoreAll(files: readonly NabFile[]): number[][] {
  return files.map((file) => {
    const detector = createAnomalyDetector();
    return file.timestamps.map((t, i) => detector.push(t, file.values[i]).score);
  });
}

const loadStart = performance.now();
const files = loadNab();
const loadSeconds = (performance.now() - loadStart) / 1000;
scoreAll(files); // warm-up (JIT), untimed
const runs: number[] = [];
let scores: number[][] = [];
for (let run = 0; run < 3; run++) {
  const t0 = performance.now();
  scores = scoreAll(files);
  runs.push((performance.now() - t0) / 1000);
}
const seconds = Math.min(...runs);
const rows = files.reduce((n, f) => n + f.values.length, 0);

const byCategory = new Map<string, Figures>();
for (const category of CATEGORIES) {
  const idx = files.map((f, i) => (f.category === category ? i : -1)).filter((i) => i >= 0);
  byCategory.set(
    category,
    evaluate(
      idx.map((i) => files[i]),
      idx.map((i) => scores[i]),
      THRESHOLD
    )
  );
}
const all = evaluate(files, scores, THRESHOLD);
const split = awsSplit(files);
const splitFigures = (part: NabFile[]): Figures =>
  evaluate(
    part,
    part.map((f) => scores[files.indexOf(f)]),
    THRESHOLD
  );
const tuning = splitFigures(split.tuning);
const heldOut = splitFigures(split.heldOut);

const fmt = (x: number, d = 1): string => (Number.isFinite(x) ? x.toFixed(d) : '—');
const pct = (a: number, b: number): string => (b > 0 ? `${((100 * a) / b).toFixed(0)}%` : '—');
const aws = byCategory.get('realAWSCloudwatch')!;
const quiet = byCategory.get('artificialNoAnomaly')!;
const quietRate = quiet.falsePositives / quiet.fileWeeks;
const targets: Array<[string, string, boolean]> = [
  [
    'realAWSCloudwatch standard score ≥ 78 at the default threshold',
    fmt(aws.scores.standard),
    aws.scores.standard >= 78,
  ],
  [
    'realAWSCloudwatch windows detected ≥ 90%',
    `${aws.detected}/${aws.windows} = ${pct(aws.detected, aws.windows)}`,
    aws.detected >= 0.9 * aws.windows,
  ],
  [
    'realAWSCloudwatch ≥ 50% of detected windows detected before the labelled point',
    `${aws.early}/${aws.detected} = ${pct(aws.early, aws.detected)} (of all windows: ${pct(aws.early, aws.windows)})`,
    aws.detected > 0 && aws.early >= 0.5 * aws.detected,
  ],
  [
    'artificialNoAnomaly ≤ 1 false alarm per file-week',
    `${quiet.falsePositives} in ${fmt(quiet.fileWeeks, 1)} file-weeks = ${fmt(quietRate, 2)}`,
    quietRate <= 1,
  ],
  ['whole subset scored in < 10 s on one core', `${fmt(seconds, 2)} s`, seconds < 10],
];

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const line = (name: string, f: Figures): string =>
  `| ${name} | ${f.files} | ${f.windows} | ${PROFILES.map((p) => fmt(f.scores[p.name])).join(' | ')} | ${f.detected}/${f.windows} (${pct(f.detected, f.windows)}) | ${f.early} (${pct(f.early, f.detected)} of detected) | ${f.falsePositives} | ${fmt(f.falsePositives / f.fileWeeks, 2)} |`;

const perFile = files
  .filter((f) => f.category === 'realAWSCloudwatch')
  .map((f) => {
    const i = files.indexOf(f);
    const fig = evaluate([f], [scores[i]], THRESHOLD);
    const firsts = f.windows.map((w) => {
      const row = scores[i].findIndex((s, r) => r >= w.start && r <= w.end && s >= THRESHOLD);
      return row < 0 ? 'missed' : `row ${row - w.start + 1} of ${w.end - w.start + 1}`;
    });
    return `| ${f.name} | ${f.windows.length} | ${firsts.join('; ') || '—'} | ${fig.falsePositives} |`;
  });

const md = `# Anomaly benchmark: NAB subset

- Date: ${new Date().toISOString()}
- Machine: ${cpu}, ${cpus().length} cores (one used), Node ${process.version}
- Command: \`npm run bench:anomaly\` (= \`node bench/anomaly/run.ts\`)
- Data: \`shared/bench/nab\` (NAB v1.1): realAWSCloudwatch (17 files), artificialWithAnomaly (6), artificialNoAnomaly (5); ${rows} rows.
- Detector: \`createAnomalyDetector()\` with its shipped defaults for every file — threshold ${THRESHOLD}
  (\`DEFAULT_ANOMALY_THRESHOLD\`), seasonal periods a day and a week in steps (derived from the timestamps), warm-up 144
  points, history 2016 points, shift window 12 (window-shift test over 24, 72 and 288 points), variance window 24,
  drift window 288. No per-file parameters.
- Scorer: \`bench/anomaly/nab-score.ts\`, written from the method in \`shared/bench/nab/README.md\` (probation 15% / at most
  750 rows, earliest detection per window weighted by the scaled sigmoid, false positives weighted by their distance
  after the previous window, null and perfect detectors for normalisation). Scores are normalised per category (all
  windows of the category's files together), as NAB normalises a corpus.

## Results at the default threshold (${THRESHOLD})

| category | files | windows | standard | reward_low_FP_rate | reward_low_FN_rate | windows detected | detected before the labelled point | false positives | false positives per file-week |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${CATEGORIES.map((c) => line(c, byCategory.get(c)!)).join('\n')}
| all three | ${all.files} | ${all.windows} | ${PROFILES.map((p) => fmt(all.scores[p.name])).join(' | ')} | ${all.detected}/${all.windows} | ${all.early} | ${all.falsePositives} | ${fmt(all.falsePositives / all.fileWeeks, 2)} |

- False positives are detections (rows at or above the threshold) outside every window, after probation; file-weeks
  count the scored part of each file (after probation).
- "Detected before the labelled point": the window's first detection comes before its labelled anomaly point
  (\`combined_labels.json\`; the first label inside the window, or the nearest one when none is inside — one window of
  \`iio_us-east-1_i-a2eb1cd9_NetworkIn\` has its label an hour before the window).
- Throughput: ${fmt(seconds, 2)} s to score all ${files.length} files (${rows} rows) in one process on one core, best of 3 after one
  untimed warm-up pass (${Math.round(rows / seconds)} rows/s); reading and parsing the CSV files took another ${fmt(loadSeconds, 2)} s.

## Tuning and held-out halves of realAWSCloudwatch

Files in name order: even positions (${split.tuning.length} files) were used to tune, odd positions (${split.heldOut.length} files) were held
out and looked at only to accept or reject a change. Normalised per half.

| part | files | windows | standard | reward_low_FP_rate | reward_low_FN_rate | windows detected | detected before the labelled point | false positives | false positives per file-week |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${line('tuning half', tuning)}
${line('held-out half', heldOut)}

Tuning files: ${split.tuning.map((f) => f.name.replace('.csv', '')).join(', ')}.
Held-out files: ${split.heldOut.map((f) => f.name.replace('.csv', '')).join(', ')}.

## Targets (realAWSCloudwatch unless stated)

${targets.map(([name, value, met]) => `- ${name}: ${value} → **${met ? 'MET' : 'NOT MET'}**`).join('\n')}

## Published figures for other detectors

From \`shared/bench/nab/README.md\` (the NAB v1.1 scoreboard). They are not like for like: those detectors' thresholds were
tuned on the corpus per profile (ours is one fixed default), and the corpus-wide figures cover all 58 NAB files.

| detector | standard, whole corpus (58 files) | standard, realAWSCloudwatch (best threshold) |
| --- | ---: | ---: |
| **ours (default threshold, this run)** | — (not run on the whole corpus) | ${fmt(aws.scores.standard)} |
| ARTime | 74.9 | 69.9 |
| Numenta HTM | 70.1 | 73.4 |
| CAD OSE | 69.9 | 72.1 |
| KNN CAD | 58.0 | 60.7 |
| Random Cut Forest | 51.7 | 61.4 |
| Twitter ADVec | 47.1 | — |
| windowed Gaussian | 39.6 | — |
| random | 16.8 | — |

The README gives 0.25–0.47 as what the best published detectors reach on "detected before the labelled point".

## realAWSCloudwatch per file

| file | windows | first detection in each window | false positives |
| --- | ---: | --- | ---: |
${perFile.join('\n')}

## Notes

- The detector's first design and defaults were developed while watching the whole of this benchmark (and
  \`bench/anomaly/sweep.ts\`, which prints the figures over a range of thresholds), so the held-out half is held out
  only for the changes made since: the multi-scale window-shift test (its spans and its 4-sigma floor were chosen on
  the tuning half). Changes that raised the tuning half but lowered the held-out half were rejected (e.g. a 99.5th
  instead of 99th percentile reference: tuning 61.9, held-out 39.0). There are no per-file parameters and no file is
  special-cased; still, treat the whole-category figures as in-sample.
- Before the window-shift test (commit 7295272): tuning half 61.5 (9/13 windows, 0 before the label, 8 false
  positives), held-out half 37.5 (8/17, 4, 23), realAWSCloudwatch 47.9, artificialWithAnomaly 77.0 (5/6),
  artificialNoAnomaly 0 false positives.
- Tried and rejected (not in the detector): an HTM-style anomaly likelihood — the mean of a raw surprise over the
  last 10 points, in standard deviations of that mean's own history (2016 points; mean ≥ 0.03, sd ≥ 0.02), added as
  one more check with u = z / unit. Raw surprise = the check ratio u: every unit from 1.5 to 3 lowered or kept both
  halves and added false alarms (unit 2: tuning 49.4, held-out 37.3, artificialWithAnomaly 37.7, 13 false alarms on
  artificialNoAnomaly). Raw surprise = rank of |residual| among the last 2016: unit 2 (chosen on the tuning half)
  gave tuning 67.7 (10/13 windows) but held-out 46.3, unchanged → rejected; unit 1.5 gave held-out 56.4 (12/17) but
  tuning 60.0, artificialWithAnomaly 75.5 (5/6) and 7 false alarms on artificialNoAnomaly (0 before). The held-out
  half was printed for each of these variants, so it is now a weaker check for likelihood-style changes. Also
  rejected on the tuning half alone: a warm-up of 288 or 600 points instead of 144 (closer to NAB's probation;
  tuning 53.4 / 54.2).
- NAB labels put the anomaly point in the middle of its window; most anomalies here start at that point, so a causal
  detector rarely fires before it.
`;

const out = resolve(import.meta.dirname, '..', 'results', 'anomaly.md');
writeFileSync(out, md);
process.stdout.write(md.split('## Published')[0]);
process.stdout.write(`wrote ${out}\n`);

// Development aid, not the benchmark: figures per category over a range of thresholds, to see how the score
// depends on the threshold. The benchmark itself (run.ts) uses only the shipped default threshold.
import { createAnomalyDetector } from '../../sidecar/src/ml/anomaly/index.ts';
import { evaluate } from './evaluate.ts';
import { awsSplit, CATEGORIES, loadNab } from './nab-data.ts';

const files = loadNab();
const t0 = performance.now();
const scores = files.map((f) => {
  const d = createAnomalyDetector();
  return f.timestamps.map((t, i) => d.push(t, f.values[i]).score);
});
console.log(`scored ${files.length} files in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
const thresholds = process.argv.slice(2).map(Number);
for (const threshold of thresholds.length ? thresholds : [0.5, 0.6, 0.7, 0.8, 0.9, 0.95]) {
  const split = awsSplit(files);
  const parts: Array<[string, typeof files]> = [
    ...CATEGORIES.map((c): [string, typeof files] => [c, files.filter((f) => f.category === c)]),
    ['AWS tuning half', split.tuning],
    ['AWS held-out half', split.heldOut],
  ];
  for (const [category, part] of parts) {
    const idx = part.map((f) => files.indexOf(f));
    const fig = evaluate(
      idx.map((i) => files[i]),
      idx.map((i) => scores[i]),
      threshold
    );
    const s = Object.values(fig.scores)
      .map((x) => x.toFixed(1))
      .join('/');
    console.log(
      `t=${threshold} ${category.padEnd(22)} scores ${s} detected ${fig.detected}/${fig.windows} early ${fig.early} FP ${fig.falsePositives} FP/week ${(fig.falsePositives / fig.fileWeeks).toFixed(2)}`
    );
  }
}
if (process.env.PER_FILE) {
  const threshold = Number(process.env.PER_FILE);
  files.forEach((f, i) => {
    const fig = evaluate([f], [scores[i]], threshold);
    const firsts = f.windows.map((w) => {
      const row = scores[i].findIndex((s, r) => r >= w.start && r <= w.end && s >= threshold);
      return row < 0 ? 'miss' : `${row - w.start}/${w.end - w.start + 1}`;
    });
    console.log(
      `${f.category}/${f.name} std ${fig.scores.standard.toFixed(1)} FP ${fig.falsePositives} windows ${firsts.join(' ')} labels-at ${f.windows.map((w, k) => (f.labels[k] ?? -1) - w.start).join(' ')}`
    );
  });
}

// Group outliers: among members that should behave alike (pods of a deployment, nodes of a nodepool), find the rogue
// ones, feature by feature, and say which feature, which way, how far and when.
//
// Method, per feature (every feature is judged on its own, so each finding names its feature):
// 1. The group's typical spread across members: at each sample the robust standard deviation (1.4826 × MAD) of the
//    members' values, then the median of that over the window; and its typical level (median of per-sample medians).
// 2. Detection is augurs' (`@bsull/augurs/outlier`): its 1-D DBSCAN per sample (default) or its MAD detector. Their JS
//    bindings only take a scale-free `sensitivity`; we turn our threshold into the sensitivity that makes augurs use
//    the intended epsilon / MAD threshold (the formulas of augurs-outlier 0.10: DBSCAN ε = (1 − s) × 1.1 × span,
//    MAD t = 7.941 − 7.100 × √s). Left alone, DBSCAN's ε scales with the data's span: measured on constructed groups of
//    3–12 alike pods (2016 samples, 5% noise), sensitivity 0.8 found "outliers" in 13 of 60 noise-only groups and 0.9
//    in all 60, while 0.5 missed a 1.6× pod next to a big memory leaker in 60 of 60 — with ε from the group's spread
//    (threshold 4, 20% floor): 0 of 60 and 120 of 120 planted rogues found. test/ml/outliers.test.ts pins the mapping.
// 3. Our rules on top: a sample where augurs found no majority cluster judges nobody; a member must differ from the
//    group median by at least minRelativeDeviation × level (and minDeviation); runs shorter than minPoints samples
//    are dropped, and runs less than minPoints samples apart are one run. Missing samples are not judged.
// Nothing here is a hand-written detector: the robust spread only sets augurs' scale.
import type {
  AugursOutlierEngine,
  FeatureReport,
  GroupOutlierOptions,
  GroupOutlierResult,
  MemberOutlierResult,
  OutlierGroup,
  OutlierInterval,
  OutlierReason,
} from './types.ts';

/** Fewest members for which "the group" means anything: with two, neither can be told to be the odd one. */
export const MIN_GROUP_MEMBERS = 3;

export const DEFAULT_OUTLIER_OPTIONS = {
  algorithm: 'dbscan',
  threshold: 4,
  minRelativeDeviation: 0.2,
  minPoints: 3,
} as const;

const MAD_K = 1.4826;
// augurs-outlier: DBSCAN pads ε by 1.1 and floors the data span at 0.1; sensitivity is trimmed to ≤ 1 − 1e-3.
const DBSCAN_PADDING = 1.1;
const DBSCAN_MIN_SPAN = 0.1;
const MAX_SENSITIVITY = 1 - 1e-3;
// augurs-outlier: MAD threshold = MAX_T − (MAX_T − MIN_T) × √sensitivity.
const MAD_MAX_T = 7.941444487;
const MAD_MIN_T = 0.841621234;

interface FeatureFlags {
  /** flags[member][sample]: outlying (after our rules). */
  flags: boolean[][];
  median: number[];
  bandLower: number[];
  bandUpper: number[];
}

/**
 * Finds the outlying members of a group. Needs at least MIN_GROUP_MEMBERS members (fewer → `tooSmall`, nothing
 * judged). Throws RangeError only for malformed input: duplicate ids or a feature array whose length is not the
 * number of timestamps. `augurs` is `@bsull/augurs/outlier` after initSync (see src/outliers/augurs-wasm.ts).
 */
export function findGroupOutliers(
  group: OutlierGroup,
  augurs: AugursOutlierEngine,
  options: GroupOutlierOptions = {}
): GroupOutlierResult {
  // `??` rather than a spread: an option passed as undefined (e.g. from a CLI flag not given) keeps its default.
  const opts = {
    algorithm: options.algorithm ?? DEFAULT_OUTLIER_OPTIONS.algorithm,
    threshold: options.threshold ?? DEFAULT_OUTLIER_OPTIONS.threshold,
    minRelativeDeviation: options.minRelativeDeviation ?? DEFAULT_OUTLIER_OPTIONS.minRelativeDeviation,
    minDeviation: options.minDeviation ?? {},
    minPoints: options.minPoints ?? DEFAULT_OUTLIER_OPTIONS.minPoints,
  };
  const n = group.timestamps.length;
  const ids = new Set<string>();
  for (const member of group.members) {
    if (ids.has(member.id)) {
      throw new RangeError(`duplicate member id "${member.id}"`);
    }
    ids.add(member.id);
    for (const [feature, values] of Object.entries(member.features)) {
      if (values.length !== n) {
        throw new RangeError(
          `member "${member.id}", feature "${feature}": ${values.length} values for ${n} timestamps`
        );
      }
    }
  }
  const empty = (id: string): MemberOutlierResult => ({ id, outlying: false, score: 0, intervals: [], reasons: [] });
  if (group.members.length < MIN_GROUP_MEMBERS) {
    return {
      tooSmall: true,
      minMembers: MIN_GROUP_MEMBERS,
      members: group.members.map((m) => empty(m.id)),
      features: [],
    };
  }

  const featureNames = [...new Set(group.members.flatMap((m) => Object.keys(m.features)))].sort();
  const reasons: OutlierReason[][] = group.members.map(() => []);
  const anyFlag: boolean[][] = group.members.map(() => new Array<boolean>(n).fill(false));
  const anyData: boolean[][] = group.members.map(() => new Array<boolean>(n).fill(false));
  const features: FeatureReport[] = [];

  for (const feature of featureNames) {
    const matrix = group.members.map((m) => {
      const values = m.features[feature];
      return values ? Array.from(values, (v) => (Number.isFinite(v) ? v : NaN)) : new Array<number>(n).fill(NaN);
    });
    matrix.forEach((row, i) => row.forEach((v, t) => (anyData[i][t] ||= !Number.isNaN(v))));
    const judged = matrix.map((row, i) => (row.some((v) => !Number.isNaN(v)) ? i : -1)).filter((i) => i >= 0);
    const median = Array.from({ length: n }, (_, t) => medianOf(judged.map((i) => matrix[i][t])));
    const spread = medianOf(
      Array.from({ length: n }, (_, t) => {
        const values = judged.map((i) => matrix[i][t]).filter((v) => !Number.isNaN(v));
        return values.length >= MIN_GROUP_MEMBERS ? MAD_K * medianOf(values.map((v) => Math.abs(v - median[t]))) : NaN;
      })
    );
    const level = medianOf(median.map(Math.abs));
    const report: FeatureReport = { feature, method: opts.algorithm, members: judged.length, spread, level };
    features.push(report);
    if (judged.length < MIN_GROUP_MEMBERS || Number.isNaN(spread)) {
      report.skipped =
        judged.length < MIN_GROUP_MEMBERS
          ? `${judged.length} members have data; at least ${MIN_GROUP_MEMBERS} are needed`
          : `fewer than ${MIN_GROUP_MEMBERS} members have data at any one sample`;
      continue;
    }
    const floor = Math.max(opts.minRelativeDeviation * level, opts.minDeviation[feature] ?? 0);
    const rows = judged.map((i) => matrix[i]);
    let found = opts.algorithm === 'mad' ? detectMad(augurs, rows, opts.threshold) : null;
    if (opts.algorithm === 'mad' && !found) {
      report.method = 'dbscan';
      report.fallback = 'augurs MAD needs spread on both sides of the median; used DBSCAN';
    }
    found ??= detectDbscan(augurs, rows, Math.max(opts.threshold * spread, floor));
    const flags: FeatureFlags = { flags: found.flags, median, bandLower: found.bandLower, bandUpper: found.bandUpper };
    applyRules(flags, rows, floor);

    judged.forEach((memberIndex, k) => {
      const row = rows[k];
      const memberFlags = flags.flags[k];
      const validCount = row.filter((v) => !Number.isNaN(v)).length;
      for (const direction of ['above', 'below'] as const) {
        const sign = direction === 'above' ? 1 : -1;
        const pointFlags = memberFlags.map((f, t) => f && sign * (row[t] - median[t]) > 0);
        const runs = persistentRuns(pointFlags, row, opts.minPoints);
        if (runs.length === 0) {
          continue;
        }
        const samples: number[] = [];
        for (const run of runs) {
          for (let t = run.start; t <= run.end; t++) {
            if (pointFlags[t]) {
              samples.push(t);
              anyFlag[memberIndex][t] = true;
            }
          }
        }
        reasons[memberIndex].push(
          reason(feature, direction, {
            value: medianOf(samples.map((t) => row[t])),
            groupMedian: medianOf(samples.map((t) => median[t])),
            bandLower: medianOf(samples.map((t) => flags.bandLower[t])),
            bandUpper: medianOf(samples.map((t) => flags.bandUpper[t])),
            share: samples.length / validCount,
            intervals: runs.map((r) => ({ start: group.timestamps[r.start], end: group.timestamps[r.end] })),
          })
        );
      }
    });
  }

  const members = group.members.map((member, i): MemberOutlierResult => {
    if (reasons[i].length === 0) {
      return empty(member.id);
    }
    const withData = anyData[i].filter(Boolean).length;
    const flagged = anyFlag[i].filter(Boolean).length;
    return {
      id: member.id,
      outlying: true,
      score: withData > 0 ? flagged / withData : 0,
      intervals: mergeIntervals(reasons[i].flatMap((r) => r.intervals)),
      reasons: reasons[i].sort((a, b) => b.share - a.share || a.feature.localeCompare(b.feature)),
    };
  });
  return { tooSmall: false, minMembers: MIN_GROUP_MEMBERS, members, features };
}

interface Detection {
  flags: boolean[][];
  bandLower: number[];
  bandUpper: number[];
}

/** augurs DBSCAN with epsilon `eps` (expressed as the sensitivity that yields it on this data). */
function detectDbscan(augurs: AugursOutlierEngine, rows: number[][], eps: number): Detection {
  const n = rows[0].length;
  let min = Infinity;
  let max = -Infinity;
  for (const row of rows) {
    for (const v of row) {
      if (!Number.isNaN(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
  }
  const span = Math.max(max - min, DBSCAN_MIN_SPAN);
  const sensitivity = 1 - eps / (DBSCAN_PADDING * span);
  if (!(sensitivity > 0)) {
    // ε exceeds what any gap in this data can be: nobody is separated from the group.
    return {
      flags: rows.map(() => new Array<boolean>(n).fill(false)),
      bandLower: new Array<number>(n).fill(NaN),
      bandUpper: new Array<number>(n).fill(NaN),
    };
  }
  const detector = augurs.OutlierDetector.dbscan({ sensitivity: Math.min(sensitivity, MAX_SENSITIVITY) });
  try {
    return fromAugurs(detector.detect(rows), n);
  } finally {
    detector.free();
  }
}

/** augurs MAD at `threshold` robust standard deviations; null when augurs cannot scale the data (no spread). */
function detectMad(augurs: AugursOutlierEngine, rows: number[][], threshold: number): Detection | null {
  const t = Math.min(Math.max(threshold, MAD_MIN_T + 1e-6), MAD_MAX_T - 1e-6);
  const sensitivity = ((MAD_MAX_T - t) / (MAD_MAX_T - MAD_MIN_T)) ** 2;
  const detector = augurs.OutlierDetector.mad({ sensitivity });
  try {
    return fromAugurs(detector.detect(rows), rows[0].length);
  } catch {
    return null;
  } finally {
    detector.free();
  }
}

function fromAugurs(
  output: ReturnType<InstanceType<AugursOutlierEngine['OutlierDetector']>['detect']>,
  n: number
): Detection {
  const flags = output.seriesResults.map((series) => {
    const row = new Array<boolean>(n).fill(false);
    for (const interval of series.outlierIntervals) {
      for (let t = interval.start; t < (interval.end ?? n); t++) {
        row[t] = true;
      }
    }
    return row;
  });
  const band = output.clusterBand;
  return {
    flags,
    bandLower: Array.from({ length: n }, (_, t) => finiteOrNaN(band?.min[t])),
    bandUpper: Array.from({ length: n }, (_, t) => finiteOrNaN(band?.max[t])),
  };
}

/** Our rules over augurs' flags: no judgement without a majority, and a minimum size of deviation. */
function applyRules(found: FeatureFlags, rows: number[][], floor: number): void {
  const n = found.median.length;
  for (let t = 0; t < n; t++) {
    const valid = rows.filter((row) => !Number.isNaN(row[t])).length;
    const flagged = found.flags.filter((row, k) => row[t] && !Number.isNaN(rows[k][t])).length;
    // DBSCAN flags everyone when no cluster holds more than half the members: that says nothing about anyone. (With
    // MAD, half the group off the band is a shift of the group, not a rogue member, so the same rule applies.)
    const noMajority = valid < MIN_GROUP_MEMBERS || 2 * flagged >= valid;
    found.flags.forEach((row, k) => {
      const v = rows[k][t];
      row[t] = row[t] && !noMajority && !Number.isNaN(v) && Math.abs(v - found.median[t]) >= floor;
    });
  }
}

/**
 * Runs of flagged samples holding at least `minPoints` flagged samples. A run ends after `minPoints` consecutive
 * judged, unflagged samples, so a member hovering at the edge of the band (a leak crossing it) gives one interval,
 * not a flicker; missing samples neither extend nor end a run.
 */
function persistentRuns(flags: boolean[], values: number[], minPoints: number): Array<{ start: number; end: number }> {
  const runs: Array<{ start: number; end: number }> = [];
  let start = -1;
  let last = -1;
  let count = 0;
  let quiet = 0;
  const close = () => {
    if (start >= 0 && count >= minPoints) {
      runs.push({ start, end: last });
    }
    start = -1;
    count = 0;
  };
  for (let t = 0; t < flags.length; t++) {
    if (flags[t]) {
      if (start < 0) {
        start = t;
      }
      last = t;
      count += 1;
      quiet = 0;
    } else if (!Number.isNaN(values[t]) && start >= 0 && ++quiet >= minPoints) {
      close();
    }
  }
  close();
  return runs;
}

function mergeIntervals(intervals: OutlierInterval[]): OutlierInterval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: OutlierInterval[] = [];
  for (const interval of sorted) {
    const previous = merged[merged.length - 1];
    if (previous && interval.start <= previous.end) {
      previous.end = Math.max(previous.end, interval.end);
    } else {
      merged.push({ ...interval });
    }
  }
  return merged;
}

function reason(
  feature: string,
  direction: 'above' | 'below',
  r: Omit<OutlierReason, 'feature' | 'direction' | 'relativeDeviation' | 'summary'>
): OutlierReason {
  const relativeDeviation = r.groupMedian === 0 ? null : (r.value - r.groupMedian) / Math.abs(r.groupMedian);
  const band = Number.isNaN(r.bandLower) ? '' : ` (band ${fmt(r.bandLower)}–${fmt(r.bandUpper)})`;
  const summary =
    `${feature} ${direction} the group: ${fmt(r.value)} vs median ${fmt(r.groupMedian)}${band}` +
    ` for ${Math.round(r.share * 100)}% of the window`;
  return { feature, direction, ...r, relativeDeviation, summary };
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(3)));
}

function finiteOrNaN(x: number | undefined): number {
  return x !== undefined && Number.isFinite(x) ? x : NaN;
}

/** Median of the finite values; NaN when there are none. */
function medianOf(values: readonly number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) {
    return NaN;
  }
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// Contract of group outlier detection. Pure: the caller passes the (initialised) augurs outlier module in, so nothing
// here reads files or holds global state. See group-outliers.ts for the method.
import type { OutlierDetector } from '@bsull/augurs/outlier';

/** What findGroupOutliers needs from `@bsull/augurs/outlier`, after its WASM was initialised (src/outliers/augurs-wasm.ts). */
export interface AugursOutlierEngine {
  OutlierDetector: typeof OutlierDetector;
}

/** Members that should behave alike, each with the same named features sampled at the same timestamps. */
export interface OutlierGroup {
  /** Sample times (epoch ms, ascending); every feature array has one value per timestamp. */
  timestamps: readonly number[];
  /** NaN, ±Infinity or a missing feature are gaps: the member is not judged at those points. */
  members: ReadonlyArray<{ id: string; features: Readonly<Record<string, readonly number[]>> }>;
}

export interface GroupOutlierOptions {
  /**
   * 'dbscan' (default): at each timestamp, augurs' 1-D DBSCAN finds the main cluster (more than half the members);
   * members separated from it are outlying. Right for members that move together (shared daily pattern, traffic).
   * 'mad': augurs' MAD detector against one band for the whole window; right when the group has a stable level.
   */
  algorithm?: 'dbscan' | 'mad';
  /**
   * How far out a member must be, in robust standard deviations (1.4826 × MAD). dbscan: the gap between a member and
   * the main cluster, in units of the group's typical spread across members; mad: the distance from the group's
   * median in units of the group's MAD over the window. Default 4.
   */
  threshold?: number;
  /** A member must also differ from the group median by at least this fraction of the group's typical level. Default 0.2. */
  minRelativeDeviation?: number;
  /** Optional absolute floor per feature (in the feature's unit), e.g. { restarts: 1 }. Default 0. */
  minDeviation?: Readonly<Record<string, number>>;
  /**
   * Outlying runs with fewer outlying samples than this are ignored (one-sample blips), and runs fewer than this many
   * samples apart are one run. Default 3.
   */
  minPoints?: number;
}

/** An outlying time range: timestamps (epoch ms) of its first and last outlying sample, both inclusive. */
export interface OutlierInterval {
  start: number;
  end: number;
}

/** Why a member is outlying: one feature, one direction. */
export interface OutlierReason {
  feature: string;
  direction: 'above' | 'below';
  /** The member's median value over the samples where it was outlying this way. */
  value: number;
  /** The median, over those same samples, of the group's median at each sample. */
  groupMedian: number;
  /** The group's normal band (augurs' cluster band) over those samples, as medians; NaN when augurs gave none. */
  bandLower: number;
  bandUpper: number;
  /** (value − groupMedian) / |groupMedian|; null when the group median is 0. */
  relativeDeviation: number | null;
  /** Fraction of the member's samples (with data for this feature) that were outlying this way. */
  share: number;
  intervals: OutlierInterval[];
  /** One line for people, e.g. "memory above the group: 412 vs median 101 (band 80–125) for 45% of the window". */
  summary: string;
}

export interface MemberOutlierResult {
  id: string;
  outlying: boolean;
  /** Fraction in [0, 1] of the member's samples at which it was outlying on at least one feature. */
  score: number;
  /** Union over features of the outlying intervals, in time order. */
  intervals: OutlierInterval[];
  /** Most persistent first. Empty when not outlying. */
  reasons: OutlierReason[];
}

export interface FeatureReport {
  feature: string;
  method: 'dbscan' | 'mad';
  /** Members with data for this feature. */
  members: number;
  /** The group's typical spread across members (robust standard deviation) and typical level (median of medians). */
  spread: number;
  level: number;
  /** Why the feature could not be judged (fewer than 3 members with data), when it could not. */
  skipped?: string;
  /** Why the requested method was replaced (augurs' MAD cannot scale a group with no spread), when it was. */
  fallback?: string;
}

export interface GroupOutlierResult {
  /** True when the group has fewer than MIN_GROUP_MEMBERS members: nothing was judged. */
  tooSmall: boolean;
  minMembers: number;
  /** One per input member, in input order. */
  members: MemberOutlierResult[];
  features: FeatureReport[];
}

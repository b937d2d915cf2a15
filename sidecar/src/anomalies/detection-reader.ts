// What the API layer and the metrics exporter read from the anomaly and outlier jobs: cached results only.
import type { AnomalyDetail, AnomalyList, JobStatus, OutlierGroupResult, OutlierList } from '../api/contract.ts';

export interface DetectionReader {
  /** Current anomaly summaries, most severe first (see DetectionJobs.list). */
  anomalies(): AnomalyList;
  anomaly(id: string): AnomalyDetail | undefined;
  /** Outlier groups, groups with outliers first. */
  outliers(): OutlierList;
  outlierGroup(id: string): OutlierGroupResult | undefined;
  anomalyJobs(): JobStatus[];
  outlierJobs(): JobStatus[];
  /** True once every anomaly and outlier job has completed its first run (successfully or not): used by /readyz. */
  ready(): boolean;
}

/** A reader with no jobs, for apps built without detection (tests of the forecast routes). */
export const noDetection: DetectionReader = {
  anomalies: () => ({ generatedAt: Date.now(), anomalies: [] }),
  anomaly: () => undefined,
  outliers: () => ({ generatedAt: Date.now(), groups: [] }),
  outlierGroup: () => undefined,
  anomalyJobs: () => [],
  outlierJobs: () => [],
  ready: () => true,
};

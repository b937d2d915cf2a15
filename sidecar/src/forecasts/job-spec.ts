// A forecast job as the runner needs it: durations already resolved to milliseconds.
import type { ThresholdDirection } from '../api/contract.ts';

export interface ThresholdSpec {
  direction: ThresholdDirection;
  /** A fixed threshold. Exactly one of value and query is set. */
  value?: number;
  /** A PromQL query whose series are matched to the forecast series by identical labels (limits, requests). */
  query?: string;
}

export interface ForecastJobSpec {
  name: string;
  title: string;
  unit: string;
  query: string;
  stepMs: number;
  trainingWindowMs: number;
  horizonMs: number;
  level: number;
  refreshIntervalMs: number;
  /** Seasonal periods as durations (e.g. one day, one week); used only when the window holds two of them. */
  seasonalityMs: number[];
  threshold?: ThresholdSpec;
}

export interface CapacitySpec {
  nodepool: string;
  pendingPodsQuery: string;
  nodesQuery: string;
  podsPerNode: number;
  stepMs: number;
  trainingWindowMs: number;
  refreshIntervalMs: number;
}

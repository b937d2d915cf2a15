// Anomaly and outlier jobs as the runners need them are exactly the resolved config: durations in milliseconds.
export type {
  AnomalyJobConfig as AnomalyJobSpec,
  LimitConfig as LimitSpec,
  OutlierJobConfig as OutlierJobSpec,
} from '../config/config-types.ts';

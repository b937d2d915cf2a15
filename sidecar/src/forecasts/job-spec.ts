// A forecast job as the runner needs it is exactly the resolved config: durations in milliseconds.
export type {
  CapacityConfig as CapacitySpec,
  ForecastJobConfig as ForecastJobSpec,
  ThresholdConfig as ThresholdSpec,
} from '../config/config-types.ts';

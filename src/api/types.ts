// Type-only re-export of the sidecar contract (see contract.ts for why it is a checked copy), so no runtime code
// can sneak in through this path.
export type {
  ApiError,
  CapacityForecast,
  CapacityHorizon,
  ForecastDetail,
  ForecastList,
  ForecastPoint,
  ForecastSummary,
  ForecastThreshold,
  JobStatus,
  Labels,
  ModelScore,
  SidecarStatus,
  SourceStatus,
  ThresholdCrossing,
} from './contract';

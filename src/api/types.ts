// Type-only re-export of the sidecar's REST contract (one definition for both sides), so no runtime code
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
} from '../../sidecar/src/api/contract';

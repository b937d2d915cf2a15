// What the API layer reads from the forecast jobs: cached results, never recomputed per request.
import type { CapacityForecast, ForecastDetail, ForecastList, JobStatus } from '../api/contract.ts';

export interface ForecastReader {
  /** Every current forecast, soonest threshold crossing first, then the rest by job and id. */
  list(): ForecastList;
  get(id: string): ForecastDetail | undefined;
  jobs(): JobStatus[];
  capacity(): CapacityForecast[];
  /** True once every job has completed its first run (successfully or not): used by /readyz. */
  ready(): boolean;
}

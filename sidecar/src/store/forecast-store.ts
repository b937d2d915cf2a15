// Persistence of the latest forecast results, so a restarted sidecar serves its last results at once.
import type { CapacityForecast, ForecastDetail } from '../api/contract.ts';

export interface ForecastStore {
  /** Replace the stored results of one job atomically (all or nothing). */
  saveJobResults(job: string, results: ForecastDetail[]): void;
  saveCapacity(results: CapacityForecast[]): void;
  loadForecasts(): ForecastDetail[];
  loadCapacity(): CapacityForecast[];
  close(): void;
}

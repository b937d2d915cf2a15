// The evidence an incident can draw on, as labelled items correlation can match by place and time, and the
// adapters from the sidecar's own results (anomalies, forecasts) to it. Findings and events come from the
// Kubernetes sources through the same shape.
import type { AnomalySummary, ForecastSummary } from '../api/contract.ts';
import type { LabelledEvidence } from './correlate.ts';
import type { IncidentAnomaly, IncidentEvent, IncidentFinding, IncidentForecast } from './types.ts';

export interface Evidence<T> extends LabelledEvidence {
  item: T;
}

/** Current evidence, read when an incident opens or is refreshed. Each call returns what is current now. */
export interface EvidenceSources {
  findings(): Array<Evidence<IncidentFinding>>;
  anomalies(): Array<Evidence<IncidentAnomaly>>;
  forecasts(): Array<Evidence<IncidentForecast>>;
  events(): Array<Evidence<IncidentEvent>>;
}

export const noEvidence: EvidenceSources = {
  findings: () => [],
  anomalies: () => [],
  forecasts: () => [],
  events: () => [],
};

/**
 * Anomalies worth citing: an ongoing event, or one that ended recently. An ongoing event counts as seen now
 * (a memory drift that began hours before the alert is still the likeliest cause).
 */
export function anomalyEvidence(summaries: readonly AnomalySummary[], now: number): Array<Evidence<IncidentAnomaly>> {
  return summaries.flatMap((summary) => {
    const event = summary.latestEvent;
    if (!event) {
      return [];
    }
    return [
      {
        labels: summary.labels,
        at: event.ongoing ? now : event.end,
        item: {
          id: summary.id,
          title: summary.title,
          kind: event.kind,
          direction: event.direction,
          score: event.peakScore,
          start: event.start,
          ongoing: event.ongoing,
        },
      },
    ];
  });
}

/** Forecasts with a threshold crossing ahead (or just passed): the "what happens next" of an incident. */
export function forecastEvidence(summaries: readonly ForecastSummary[]): Array<Evidence<IncidentForecast>> {
  return summaries.flatMap((summary) => {
    const crossesAt = summary.crossing?.at;
    if (crossesAt === null || crossesAt === undefined || !summary.threshold) {
      return [];
    }
    return [
      {
        labels: summary.labels,
        at: summary.updatedAt,
        item: {
          id: summary.id,
          title: summary.title,
          unit: summary.unit,
          current: summary.current,
          threshold: summary.threshold.value,
          direction: summary.threshold.direction,
          crossesAt,
        },
      },
    ];
  });
}

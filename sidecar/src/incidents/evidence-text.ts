// One plain sentence per piece of evidence, for the built-in explanation's details. Times are absolute UTC so
// the text does not go stale as the incident ages.
import { evidenceRef } from './observations.ts';
import { formatValue, utc } from './time-text.ts';
import type { EvidenceRef, IncidentContext } from './types.ts';

export const ANOMALY_KIND_TEXT: Record<string, string> = {
  drift: 'a steady drift',
  level_shift: 'a level shift',
  spike: 'a spike',
  dip: 'a dip',
  variance_change: 'a change in variability',
};

export interface DescribedEvidence {
  ref: EvidenceRef;
  /** When it started or was seen, for ordering. */
  at: number;
  text: string;
}

export function describeEvidence(context: IncidentContext): DescribedEvidence[] {
  return [
    ...context.alerts.map((a) => ({
      ref: evidenceRef.alert(a),
      at: a.startsAt,
      text:
        `Alert ${a.alertname}${a.severity ? ` (${a.severity})` : ''} ` +
        (a.status === 'firing' || a.endsAt === null
          ? `firing since ${utc(a.startsAt)}`
          : `fired from ${utc(a.startsAt)} to ${utc(a.endsAt)}`) +
        (a.annotations.summary ? `: ${a.annotations.summary}` : '.'),
    })),
    ...context.findings.map((f) => ({
      ref: evidenceRef.finding(f),
      at: f.firstSeen,
      text:
        `K8sGPT reports ${f.kind} ${f.name}${f.parentObject ? ` (${f.parentObject})` : ''} since ${utc(f.firstSeen)}: ` +
        `${f.errors.join('; ') || 'a problem'}` +
        (f.goneAt === null ? '' : ` (no longer reported since ${utc(f.goneAt)})`),
    })),
    ...context.anomalies.map((a) => ({
      ref: evidenceRef.anomaly(a),
      at: a.start,
      text:
        `${a.title}: ${ANOMALY_KIND_TEXT[a.kind] ?? a.kind}${a.direction ? ` ${a.direction}` : ''} since ${utc(a.start)} ` +
        `(score ${a.score.toFixed(2)}), ${a.ongoing ? 'still ongoing' : 'now over'}.`,
    })),
    ...context.forecasts.map((f) => ({
      ref: evidenceRef.forecast(f),
      at: f.crossesAt,
      text:
        `${f.title}: ${f.current === null ? '' : `now ${formatValue(f.current, f.unit)}, `}forecast to go ${f.direction} ` +
        `${formatValue(f.threshold, f.unit)} at ${utc(f.crossesAt)}.`,
    })),
    ...context.events.map((e) => ({
      ref: evidenceRef.event(e),
      at: e.lastSeen,
      text: `${e.type} event ${e.reason} on ${e.object}${e.count > 1 ? ` (${e.count} times)` : ''}, last at ${utc(e.lastSeen)}: ${e.message}`,
    })),
  ];
}

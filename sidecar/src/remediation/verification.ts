// Did the fix work? After an execution succeeds the trigger that set it off is watched at every check until the
// policy's verifyForMs has passed: an alert resolved, an incident resolved (or left with no firing critical alert),
// a K8sGPT finding gone, an anomaly no longer ongoing, a forecast's crossing moved beyond the policy's limit.
// Cleared and still clear at the deadline → verified, with clearedAt the start of that clear streak (the recovery
// MTTR is measured to); otherwise not verified.
import type { ForecastReader } from '../forecasts/forecast-reader.ts';
import type { DetectionReader } from '../anomalies/detection-reader.ts';
import type { Incident } from '../incidents/types.ts';
import type { AlertStore } from '../store/alert-store.ts';
import { span } from '../incidents/time-text.ts';
import type { ProposalVerification, RemediationProposal } from './types.ts';

export interface ProbeResult {
  clear: boolean;
  /** What was seen, for the proposal's verification.detail: "alert resolved at 10:04:00Z", "forecast: 9h to the limit". */
  detail: string;
}

/** Looks at the trigger as it is now. */
export type TriggerProbe = (proposal: RemediationProposal, now: number) => ProbeResult;

/** The live data the probes read; a source left out makes its triggers never clear (and says so). */
export interface VerificationSources {
  alerts?: Pick<AlertStore, 'byFingerprint'>;
  incidents?: { get(id: string): Incident | undefined };
  findings?: { get(id: string): unknown } | null;
  detection?: Pick<DetectionReader, 'anomaly'>;
  forecasts?: Pick<ForecastReader, 'get'>;
}

export function createTriggerProbe(sources: VerificationSources): TriggerProbe {
  return (proposal, now) => {
    const { trigger } = proposal;
    switch (trigger.type) {
      case 'alert':
        return alertProbe(sources, proposal);
      case 'incident': {
        const incident = sources.incidents?.get(trigger.id);
        if (!incident) {
          return { clear: false, detail: `incident ${trigger.id} not found` };
        }
        if (incident.status === 'resolved') {
          return { clear: true, detail: 'incident resolved' };
        }
        const critical = incident.alerts.filter((a) => a.status === 'firing' && a.severity === 'critical');
        return critical.length === 0
          ? { clear: true, detail: 'no critical alert of the incident is firing' }
          : { clear: false, detail: `${critical.length} critical alert(s) still firing (${critical[0].alertname})` };
      }
      case 'finding': {
        if (!sources.findings) {
          return { clear: false, detail: 'no K8sGPT findings source to check' };
        }
        return sources.findings.get(trigger.id) === undefined
          ? { clear: true, detail: `finding ${trigger.id} gone` }
          : { clear: false, detail: `finding ${trigger.id} still reported` };
      }
      case 'anomaly': {
        const event = sources.detection?.anomaly(trigger.id)?.latestEvent ?? null;
        return event?.ongoing
          ? { clear: false, detail: `anomaly still ongoing (${event.kind}, score ${event.peakScore.toFixed(2)})` }
          : { clear: true, detail: 'anomaly no longer ongoing' };
      }
      case 'forecast':
        return forecastProbe(sources, proposal, now);
    }
  };
}

function alertProbe(sources: VerificationSources, proposal: RemediationProposal): ProbeResult {
  const fingerprint = proposal.trigger.id;
  const latest = sources.alerts?.byFingerprint(fingerprint)[0];
  const status =
    latest?.status ??
    (proposal.incidentId
      ? sources.incidents?.get(proposal.incidentId)?.alerts.findLast((a) => a.fingerprint === fingerprint)?.status
      : undefined);
  if (status === undefined) {
    return { clear: false, detail: `alert ${fingerprint} not found` };
  }
  return status === 'resolved'
    ? { clear: true, detail: 'alert resolved' }
    : { clear: false, detail: 'alert still firing' };
}

function forecastProbe(sources: VerificationSources, proposal: RemediationProposal, now: number): ProbeResult {
  const forecast = sources.forecasts?.get(proposal.trigger.id);
  if (!forecast) {
    return { clear: false, detail: `forecast ${proposal.trigger.id} not available` };
  }
  const at = forecast.crossing?.at ?? null;
  if (at === null) {
    return { clear: true, detail: 'forecast: no threshold crossing within the horizon' };
  }
  const limit = proposal.trigger.timeToThresholdUnderMs ?? 0;
  const left = at - now;
  return left > limit
    ? { clear: true, detail: `forecast: ${span(left)} to the threshold (limit ${span(limit)})` }
    : { clear: false, detail: `forecast: ${span(Math.max(0, left))} to the threshold, under ${span(limit)}` };
}

export type VerificationStep =
  | { outcome: 'watching'; verification: ProposalVerification }
  | { outcome: 'verified' | 'not-verified'; verification: ProposalVerification };

/** One check: the verification after seeing `probe` at `now`, and whether the watch is over. Pure. */
export function advanceVerification(
  verification: ProposalVerification,
  probe: ProbeResult,
  now: number
): VerificationStep {
  // clearedAt is the start of the current clear streak: a trigger that clears and comes back starts over.
  const clearedAt = probe.clear ? (verification.clearedAt ?? now) : null;
  const next: ProposalVerification = { ...verification, clearedAt, lastCheckedAt: now, detail: probe.detail };
  if (now < verification.until) {
    return { outcome: 'watching', verification: next };
  }
  return { outcome: clearedAt !== null ? 'verified' : 'not-verified', verification: next };
}

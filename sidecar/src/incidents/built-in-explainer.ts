// The built-in explainer: the default, and what every LLM explainer falls back to. Deterministic and offline:
// it tells the diagnosis of the remediation rule table (what broke, since when, the most likely cause) and one
// detail per piece of evidence, the evidence behind the cause first. The same context and `now` always give the
// same explanation.
import { describeEvidence } from './evidence-text.ts';
import { describeScope } from './scope.ts';
import { diagnose } from './suggest-remediations.ts';
import { relative, utc } from './time-text.ts';
import type { IncidentContext, IncidentExplanation } from './types.ts';

/** Details beyond this many are folded into one "and N more" line citing them all. */
export const MAX_DETAILS = 20;

/** Ends a sentence once, however the quoted text ends ("…3 Insufficient memory." stays one period). */
const sentence = (text: string) => `${text.replace(/[.\s]+$/, '')}.`;

const sameRef = (a: { type: string; id: string }, b: { type: string; id: string }) =>
  a.type === b.type && a.id === b.id;

function whatBroke(context: IncidentContext, now: number): string {
  const names = [...new Set(context.alerts.map((a) => a.alertname))].join(', ') || context.title;
  const scope = describeScope(context.scope);
  const place = `${scope[0].toUpperCase()}${scope.slice(1)}`;
  const firing = context.alerts.length === 0 || context.alerts.some((a) => a.status === 'firing');
  if (firing) {
    return `${place}: ${names} since ${utc(context.openedAt)} (${relative(context.openedAt, now)})`;
  }
  const ended = Math.max(...context.alerts.map((a) => a.endsAt ?? a.startsAt));
  return `${place}: ${names} from ${utc(context.openedAt)} until ${utc(ended)}`;
}

export function explainBuiltIn(
  context: IncidentContext,
  now: number,
  fallbackReason: string | null = null
): IncidentExplanation {
  const [main, ...others] = diagnose(context).matches;
  const described = describeEvidence(context);
  const first = main.evidence.flatMap((ref) => described.filter((d) => sameRef(d.ref, ref)));
  const rest = described.filter((d) => !first.includes(d)).sort((a, b) => a.at - b.at);
  const ordered = [...first, ...rest];
  const shown = ordered.length > MAX_DETAILS ? ordered.slice(0, MAX_DETAILS - 1) : ordered;
  const folded = ordered.slice(shown.length);
  return {
    summary: `${whatBroke(context, now)}. Most likely cause: ${sentence(`${main.cause}: ${main.because}`)}`,
    cause: main.cause,
    details: [
      ...others.map((m) => ({ text: sentence(`Also: ${m.cause}: ${m.because}`), evidence: m.evidence })),
      ...shown.map((d) => ({ text: d.text, evidence: [d.ref] })),
      ...(folded.length > 0
        ? [{ text: `And ${folded.length} more pieces of evidence.`, evidence: folded.map((d) => d.ref) }]
        : []),
    ],
    explainer: 'built-in',
    model: null,
    generatedAt: now,
    fallbackReason,
  };
}

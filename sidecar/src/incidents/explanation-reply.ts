// Reading an LLM's reply: one JSON object {summary, cause, details[{text, evidence[]}]} citing only the keys the
// prompt gave. Anything else is refused with a reason, and the caller falls back to the built-in explanation.
import { uniqueRefs } from './observations.ts';
import type { EvidenceRef, ExplainerName, IncidentExplanation } from './types.ts';

/** The reply as the provider wrote it: masked names, evidence by prompt key. Cached in this form. */
export interface ExplanationReply {
  summary: string;
  cause: string;
  details: Array<{ text: string; evidence: string[] }>;
}

export type ParsedReply = { ok: true; reply: ExplanationReply } | { ok: false; reason: string };

const LIMITS = { summary: 1000, cause: 200, detail: 600, details: 12 };

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** The JSON object in a reply, also when a model wraps it in a code fence or a sentence despite the instructions. */
function jsonObjectIn(text: string): unknown {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start === -1 || end < start) {
    throw new SyntaxError('no JSON object');
  }
  return JSON.parse(text.slice(start, end + 1));
}

export function parseExplanationReply(text: string, keys: ReadonlyMap<string, EvidenceRef>): ParsedReply {
  let value: unknown;
  try {
    value = jsonObjectIn(text);
  } catch {
    return { ok: false, reason: 'reply is not a JSON object' };
  }
  const reply = value as Partial<Record<keyof ExplanationReply, unknown>>;
  if (!nonEmpty(reply.summary) || !nonEmpty(reply.cause)) {
    return { ok: false, reason: 'reply lacks a summary or a cause' };
  }
  const details = reply.details ?? [];
  if (!Array.isArray(details)) {
    return { ok: false, reason: 'reply details are not a list' };
  }
  const parsed: ExplanationReply['details'] = [];
  for (const detail of details.slice(0, LIMITS.details)) {
    const { text: detailText, evidence } = (detail ?? {}) as { text?: unknown; evidence?: unknown };
    if (!nonEmpty(detailText) || !Array.isArray(evidence) || evidence.length === 0 || !evidence.every(nonEmpty)) {
      return { ok: false, reason: 'a reply detail lacks its text or evidence' };
    }
    // Models sometimes keep the brackets of the prompt: "[finding-1]".
    const cited = evidence.map((key) =>
      key
        .trim()
        .replace(/^\[(.*)\]$/, '$1')
        .toLowerCase()
    );
    const unknown = cited.find((key) => !keys.has(key));
    if (unknown !== undefined) {
      return { ok: false, reason: `reply cites unknown evidence "${clip(unknown, 40)}"` };
    }
    parsed.push({ text: clip(detailText.trim(), LIMITS.detail), evidence: [...new Set(cited)] });
  }
  return {
    ok: true,
    reply: {
      summary: clip(reply.summary.trim(), LIMITS.summary),
      cause: clip(reply.cause.trim(), LIMITS.cause),
      details: parsed,
    },
  };
}

/** The explanation a person reads: real names back in, keys turned into evidence references. */
export function explanationFromReply(
  reply: ExplanationReply,
  keys: ReadonlyMap<string, EvidenceRef>,
  unmask: (text: string) => string,
  explainer: ExplainerName,
  model: string,
  generatedAt: number
): IncidentExplanation {
  return {
    summary: unmask(reply.summary),
    cause: unmask(reply.cause),
    details: reply.details.map((d) => ({
      text: unmask(d.text),
      // Two keys can stand for one reference (events of one object and reason): cite it once.
      evidence: uniqueRefs(d.evidence.map((key) => keys.get(key)!)),
    })),
    explainer,
    model,
    generatedAt,
    fallbackReason: null,
  };
}

// Batch detection over whole arrays, built on the streaming detector (so it is causal too).
import { createAnomalyDetector } from './detector.ts';
import type { AnomalyBatchResult, AnomalyOptions } from './types.ts';

export function detectAnomalies(
  timestamps: readonly number[],
  values: readonly number[],
  options: AnomalyOptions = {}
): AnomalyBatchResult {
  if (timestamps.length !== values.length) {
    throw new Error(`detectAnomalies: ${timestamps.length} timestamps but ${values.length} values`);
  }
  const detector = createAnomalyDetector(options);
  const points = timestamps.map((t, i) => {
    const p = detector.push(t, values[i]);
    return { expected: p.expected, lower: p.lower, upper: p.upper, score: p.score, isAnomaly: p.isAnomaly };
  });
  return { points, events: detector.events() };
}

import { createHash } from 'node:crypto';
import type { Labels } from '../api/contract.ts';
import { labelsKey } from '../sources/metric-source.ts';

/** A stable, URL-safe id for one forecast series: it survives restarts and reorderings of query results. */
export function forecastId(job: string, labels: Labels): string {
  const digest = createHash('sha256').update(labelsKey(labels)).digest('hex').slice(0, 12);
  return `${job}-${digest}`;
}

/** Labels in Prometheus' text style, for titles and logs: {namespace="shop", pod="checkout-1"}. */
export function formatLabels(labels: Labels): string {
  const parts = Object.keys(labels)
    .sort()
    .map((name) => `${name}="${labels[name]}"`);
  return `{${parts.join(', ')}}`;
}

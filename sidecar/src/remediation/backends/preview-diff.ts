// Turns the objects an action would change (before and after, as plain objects) into the preview a person reads
// before approving: YAML text per object and one unified diff, the way `kubectl diff` shows a change. Both backends
// (Kubernetes and the simulated cluster) use it, so a preview reads the same in the demo and in production.
import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import type { ActionPreview, PreviewObject } from '../types.ts';

export interface ObjectChange {
  /** "Deployment/shop/checkout". */
  ref: string;
  change: PreviewObject['change'];
  before: object | null;
  after: object | null;
}

/** Fields that change on every write and say nothing about the action; left out so the diff shows only the change. */
const NOISY_METADATA = ['managedFields', 'resourceVersion', 'generation', 'uid', 'creationTimestamp'];

function objectYaml(value: object | null): string | null {
  if (value === null) {
    return null;
  }
  const copy = structuredClone(value) as { metadata?: Record<string, unknown>; status?: unknown };
  for (const field of NOISY_METADATA) {
    delete copy.metadata?.[field];
  }
  return stringify(copy, { sortMapEntries: true, lineWidth: 0 });
}

function unifiedDiff(ref: string, before: string | null, after: string | null): string {
  return createTwoFilesPatch(
    before === null ? '/dev/null' : `a/${ref}`,
    after === null ? '/dev/null' : `b/${ref}`,
    before ?? '',
    after ?? '',
    undefined,
    undefined,
    { context: 3 }
  );
}

export function renderPreview(input: {
  summary: string;
  changes: readonly ObjectChange[];
  source: ActionPreview['source'];
  impact: ActionPreview['impact'];
  warnings?: string[];
  now: number;
}): ActionPreview {
  const objects: PreviewObject[] = input.changes.map((change) => ({
    ref: change.ref,
    change: change.change,
    before: objectYaml(change.before),
    after: objectYaml(change.after),
  }));
  const diff = objects
    .filter((object) => object.before !== object.after)
    .map((object) => unifiedDiff(object.ref, object.before, object.after))
    .join('');
  return {
    summary: input.summary,
    diff,
    objects,
    source: input.source,
    impact: input.impact,
    warnings: input.warnings ?? [],
    computedAt: input.now,
  };
}

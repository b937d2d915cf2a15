import { DataFrame, FieldType } from '@grafana/data';
import type { FindingList, FindingView, IncidentSeverity } from '../api/types';
import { recordsFrame } from './recordsFrame';

// Pure converters from GET /api/findings to data frames: the findings, and the state of the Kubernetes watch that
// produced them (one row), so the tab can say how far to trust an empty list.

const { string, time, other, boolean } = FieldType;

export type FindingRow = Pick<
  FindingView,
  | 'id'
  | 'kind'
  | 'name'
  | 'namespace'
  | 'objectName'
  | 'parentObject'
  | 'errors'
  | 'severity'
  | 'severityRule'
  | 'details'
  | 'firstSeen'
>;

export type FindingSourceRow = FindingList['source'];

export const SEVERITY_RANK: Record<IncidentSeverity, number> = { critical: 0, warning: 1, info: 2 };

/** Most severe first, then by namespace, kind and object, so one namespace's findings sit together. */
export function bySeverityAndPlace(a: FindingRow, b: FindingRow): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    (a.namespace ?? '').localeCompare(b.namespace ?? '') ||
    a.kind.localeCompare(b.kind) ||
    a.objectName.localeCompare(b.objectName)
  );
}

export function findingListFrame(findings: FindingView[], refId?: string): DataFrame {
  const rows: FindingRow[] = [...findings].sort(bySeverityAndPlace);
  return recordsFrame<FindingRow>(
    'findings',
    rows,
    {
      id: string,
      kind: string,
      name: string,
      namespace: string,
      objectName: string,
      parentObject: string,
      errors: other,
      severity: string,
      severityRule: string,
      details: string,
      firstSeen: time,
    },
    refId
  );
}

export function findingSourceFrame(source: FindingList['source'], refId?: string): DataFrame {
  return recordsFrame<FindingSourceRow>(
    'findingSource',
    [source],
    { kind: string, state: string, synced: boolean, lastError: string },
    refId
  );
}

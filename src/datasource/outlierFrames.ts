import { createDataFrame, DataFrame, FieldType } from '@grafana/data';
import type { OutlierGroupResult, OutlierInterval, OutlierMember, OutlierReason } from '../api/types';
import { formatLabels } from './frames';

// Pure converters from the sidecar's group-outlier answers to data frames: one frame of groups, one of members
// (long format, with the group id on every row) so a scene can show both from one query run.

export interface OutlierGroupRow {
  id: string;
  job: string;
  title: string;
  groupLabels: string;
  features: string[];
  tooSmall: boolean;
  memberCount: number;
  outlierCount: number;
  updatedAt: number;
}

/** Keeps the sidecar's order (groups with outliers first). */
export function outlierGroupsFrame(groups: OutlierGroupResult[], refId?: string): DataFrame {
  const col = <T>(pick: (g: OutlierGroupResult) => T) => groups.map(pick);
  return createDataFrame({
    refId,
    name: 'outlierGroups',
    fields: [
      { name: 'id', type: FieldType.string, values: col((g) => g.id) },
      { name: 'job', type: FieldType.string, values: col((g) => g.job) },
      { name: 'title', type: FieldType.string, values: col((g) => g.title) },
      { name: 'groupLabels', type: FieldType.string, values: col((g) => formatLabels(g.groupLabels)) },
      { name: 'features', type: FieldType.other, values: col((g) => g.features) },
      { name: 'tooSmall', type: FieldType.boolean, values: col((g) => g.tooSmall) },
      { name: 'memberCount', type: FieldType.number, values: col((g) => g.members.length) },
      { name: 'outlierCount', type: FieldType.number, values: col((g) => g.outlierCount) },
      { name: 'updatedAt', type: FieldType.time, values: col((g) => g.updatedAt) },
    ],
  });
}

export interface OutlierMemberRow {
  groupId: string;
  id: string;
  series: string;
  outlying: boolean;
  score: number;
  reasons: OutlierReason[];
  intervals: OutlierInterval[];
  latest: Record<string, number | null>;
}

/** Every member of every group; within a group the outlying members come first, most outlying first. */
export function outlierMembersFrame(groups: OutlierGroupResult[], refId?: string): DataFrame {
  const rows = groups.flatMap((g) => [...g.members].sort(byOutlyingFirst).map((m) => ({ groupId: g.id, member: m })));
  const col = <T>(pick: (m: OutlierMember) => T) => rows.map((r) => pick(r.member));
  return createDataFrame({
    refId,
    name: 'outlierMembers',
    fields: [
      { name: 'groupId', type: FieldType.string, values: rows.map((r) => r.groupId) },
      { name: 'id', type: FieldType.string, values: col((m) => m.id) },
      { name: 'series', type: FieldType.string, values: col((m) => formatLabels(m.labels)) },
      { name: 'outlying', type: FieldType.boolean, values: col((m) => m.outlying) },
      { name: 'score', type: FieldType.number, values: col((m) => m.score) },
      { name: 'reasons', type: FieldType.other, values: col((m) => m.reasons) },
      { name: 'intervals', type: FieldType.other, values: col((m) => m.intervals) },
      { name: 'latest', type: FieldType.other, values: col((m) => m.latest) },
    ],
  });
}

function byOutlyingFirst(a: OutlierMember, b: OutlierMember): number {
  return Number(b.outlying) - Number(a.outlying) || b.score - a.score;
}

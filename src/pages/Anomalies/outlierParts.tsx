import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Badge, Stack, useStyles2 } from '@grafana/ui';
import type { OutlierGroupRow, OutlierMemberRow } from '../../datasource/outlierFrames';
import { formatInterval } from '../../shared/formatAnomaly';

/** The smallest group the sidecar compares (the contract's `tooSmall`). */
export const MIN_GROUP_SIZE = 3;

/** "1 of 12 outlying", or a "too small" badge for groups the sidecar does not compare. */
export function GroupSize({ group }: { group: Pick<OutlierGroupRow, 'tooSmall' | 'memberCount' | 'outlierCount'> }) {
  if (group.tooSmall) {
    return (
      <Stack gap={1} alignItems="center" wrap="wrap">
        <Badge text="too small" color="blue" tooltip={`Needs at least ${MIN_GROUP_SIZE} members to compare`} />
        <span>
          {group.memberCount} {group.memberCount === 1 ? 'member' : 'members'}, not compared
        </span>
      </Stack>
    );
  }
  return (
    <span>
      {group.outlierCount} of {group.memberCount} outlying
    </span>
  );
}

/** A rogue member: its id as a red badge, each reason's summary, and when it was outlying. */
export function RogueMember({ member, now }: { member: OutlierMemberRow; now: number }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.member}>
      <Badge text={member.id} color="red" icon="exclamation-triangle" />
      <Reasons member={member} />
      <Intervals member={member} now={now} />
    </div>
  );
}

export function Reasons({ member }: { member: Pick<OutlierMemberRow, 'reasons'> }) {
  const styles = useStyles2(getStyles);
  if (!member.reasons.length) {
    return null;
  }
  return (
    <ul className={styles.list}>
      {member.reasons.map((r) => (
        <li key={r.feature}>{r.summary}</li>
      ))}
    </ul>
  );
}

export function Intervals({ member, now }: { member: Pick<OutlierMemberRow, 'intervals'>; now: number }) {
  const styles = useStyles2(getStyles);
  if (!member.intervals.length) {
    return null;
  }
  return (
    <div className={styles.secondary}>outlying {member.intervals.map((i) => formatInterval(i, now)).join(', ')}</div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  member: css`
    & + & {
      margin-top: ${theme.spacing(1)};
    }
  `,
  list: css`
    margin: ${theme.spacing(0.5, 0, 0, 2)};
  `,
  secondary: css`
    color: ${theme.colors.text.secondary};
    font-size: ${theme.typography.bodySmall.fontSize};
  `,
});

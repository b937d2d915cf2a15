import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Badge, BadgeColor, useStyles2, useTheme2 } from '@grafana/ui';
import type { SloRow } from '../../datasource/sloFrames';
import { BudgetTone, budgetTone, BurnTone, formatBudget, formatBurn } from './sloFormat';

// Small pieces the SLO list and detail share: the budget bar, coloured burn rates and the state badges.

export function budgetColor(theme: GrafanaTheme2, tone: BudgetTone): string {
  const byName = theme.visualization.getColorByName;
  return {
    exhausted: theme.colors.error.text,
    low: byName('orange'),
    half: byName('yellow'),
    healthy: theme.colors.success.text,
    unknown: theme.colors.text.secondary,
  }[tone];
}

export function burnColor(theme: GrafanaTheme2, tone: BurnTone): string {
  const byName = theme.visualization.getColorByName;
  return {
    page: theme.colors.error.text,
    ticket: byName('orange'),
    over: byName('yellow'),
    ok: theme.colors.text.primary,
    unknown: theme.colors.text.secondary,
  }[tone];
}

/** The budget left as a bar (empty, red-rimmed once spent) with its percentage unless told otherwise. */
export function BudgetBar({ remaining, showValue = true }: { remaining: number | null; showValue?: boolean }) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const color = budgetColor(theme, budgetTone(remaining));
  const fill = remaining === null ? 0 : Math.min(Math.max(remaining, 0), 1);
  return (
    <div className={styles.budget}>
      <div
        className={styles.track}
        role="meter"
        aria-label="Error budget remaining"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={remaining === null ? undefined : Math.round(remaining * 1000) / 10}
        style={remaining !== null && remaining <= 0 ? { borderColor: color } : undefined}
      >
        <div className={styles.fill} style={{ width: `${fill * 100}%`, background: color }} />
      </div>
      {showValue && <span style={{ color }}>{formatBudget(remaining)}</span>}
    </div>
  );
}

export function BurnValue({ burn, tone }: { burn: number | null; tone: BurnTone }) {
  const theme = useTheme2();
  const strong = tone === 'page' || tone === 'ticket';
  return (
    <span style={{ color: burnColor(theme, tone), fontWeight: strong ? theme.typography.fontWeightMedium : undefined }}>
      {formatBurn(burn)}
    </span>
  );
}

const ALERT_COLOR: Record<SloRow['alertState'], BadgeColor> = { page: 'red', ticket: 'orange', none: 'green' };

/** "page" / "ticket" / "none" in a table under an Alert heading; `spelled` says it in words for a headline. */
export function AlertStateBadge({ state, spelled = false }: { state: SloRow['alertState']; spelled?: boolean }) {
  const text = !spelled ? state : state === 'none' ? 'no alert firing' : `${state} alert firing`;
  return <Badge text={text} color={ALERT_COLOR[state] ?? 'darkgrey'} icon={state === 'none' ? undefined : 'bell'} />;
}

const STATE_COLOR: Record<SloRow['state'], BadgeColor> = { ok: 'green', pending: 'blue', error: 'red' };

export function SloStateBadge({ state }: { state: SloRow['state'] }) {
  return <Badge text={state} color={STATE_COLOR[state] ?? 'darkgrey'} />;
}

const getStyles = (theme: GrafanaTheme2) => ({
  budget: css`
    display: flex;
    align-items: center;
    gap: ${theme.spacing(1)};
    white-space: nowrap;
  `,
  track: css`
    width: 80px;
    height: 8px;
    border-radius: ${theme.shape.radius.pill};
    background: ${theme.colors.background.secondary};
    border: 1px solid ${theme.colors.border.weak};
    overflow: hidden;
  `,
  fill: css`
    height: 100%;
  `,
});

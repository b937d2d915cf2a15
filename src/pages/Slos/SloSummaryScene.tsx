import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState } from '@grafana/scenes';
import { Alert, Stack, Text, useStyles2 } from '@grafana/ui';
import type { SloDetailRow } from '../../datasource/sloFrames';
import { formatDuration, formatRelative } from '../../shared/formatCrossing';
import { slosUrl } from '../../shared/links';
import { loadingOrError } from '../../shared/loadingOrError';
import { frameRows, isNotFound } from '../../shared/sceneData';
import { NotFoundAlert } from '../../shared/NotFoundAlert';
import { Stat } from '../../shared/Stat';
import { useNow } from '../../shared/useNow';
import { AlertStateBadge, BudgetBar } from './sloParts';
import {
  budgetTone,
  describeExhaustion,
  formatBudget,
  formatBurn,
  formatObjective,
  formatSli,
  formatTime,
  windowLabel,
} from './sloFormat';

interface SloSummaryState extends SceneObjectState {
  sloId: string;
}

/** The headline of one SLO: how it stands against its objective, what is left of the budget and when it runs out. */
export class SloSummaryScene extends SceneObjectBase<SloSummaryState> {
  static Component = SloSummaryRenderer;
}

const BUDGET_TEXT_COLOR = {
  exhausted: 'error',
  low: 'warning',
  half: 'warning',
  healthy: 'success',
  unknown: 'secondary',
} as const;

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const count = (n: number | null) => (n === null ? '—' : compact.format(n));

function SloSummaryRenderer({ model }: SceneComponentProps<SloSummaryScene>) {
  const styles = useStyles2(getStyles);
  const now = useNow();
  const { data } = sceneGraph.getData(model).useState();
  if (isNotFound(data)) {
    return <NotFound id={model.state.sloId} />;
  }
  const pending = loadingOrError(data, 'Loading SLO…');
  if (pending) {
    return pending;
  }
  const [row] = frameRows<SloDetailRow>(data, 'sloSummary');
  if (!row) {
    return null;
  }
  const exhaustion = describeExhaustion(row, now);
  const calendar = row.window === 'calendar-month';
  const atEndLabel = calendar
    ? 'Budget left at period end'
    : `Budget left in ${row.endAt === null ? 'the forecast' : formatDuration(row.endAt - (row.updatedAt ?? now))}`;
  const atEndRange =
    row.budgetAtEndLower === null || row.budgetAtEndUpper === null
      ? ''
      : `range ${formatBudget(row.budgetAtEndLower)} to ${formatBudget(row.budgetAtEndUpper)}`;
  const belowObjective = row.sli !== null && row.sli < row.objective;
  return (
    <div className={styles.box} data-testid="slo-summary">
      <Stack justifyContent="space-between" alignItems="center">
        <Text element="h2" variant="h3">
          {row.title}
        </Text>
        <AlertStateBadge state={row.alertState} spelled />
      </Stack>
      {row.description && <Text color="secondary">{row.description}</Text>}
      <div className={styles.meta}>
        {row.service} · {row.indicator} · {row.labels} · from {row.source}
        {row.updatedAt !== null && ` · computed ${formatRelative(row.updatedAt, now)}`}
        {row.models && ` · forecast models (requests / errors): ${row.models}`}
      </div>
      {row.state === 'error' && (
        <Alert severity="warning" title="The last run failed">
          {row.error} {row.updatedAt !== null && 'The figures below are from the run before.'}
        </Alert>
      )}
      {row.state === 'pending' && (
        <Alert severity="info" title="Not computed yet">
          The sidecar computes SLOs every few minutes; this one has not had its first run.
        </Alert>
      )}
      {row.partialWindow && (
        <Alert severity="info" title="Partial window">
          The window starts before the first sample, so the figures cover less than {windowLabel(row.window)}.
        </Alert>
      )}
      <div className={styles.stats}>
        <Stat
          label={`SLI over ${windowLabel(row.window)}`}
          value={formatSli(row.sli)}
          color={belowObjective ? 'error' : row.sli === null ? 'secondary' : 'success'}
          detail={`objective ${formatObjective(row.objective)} · ${count(row.errors)} bad of ${count(row.total)}`}
        />
        <Stat
          label="Error budget remaining"
          value={formatBudget(row.budgetRemaining)}
          color={BUDGET_TEXT_COLOR[budgetTone(row.budgetRemaining)]}
          detail={`of ${formatObjective(row.errorBudget)} of events allowed to fail`}
        >
          <div className={styles.bar}>
            <BudgetBar remaining={row.budgetRemaining} showValue={false} />
          </div>
        </Stat>
        <Stat
          label="Budget exhaustion"
          value={exhaustion.text}
          title={exhaustion.at ?? undefined}
          color={exhaustion.tone === 'safe' ? 'success' : exhaustion.tone === 'unknown' ? 'secondary' : 'error'}
          detail={[exhaustion.at && exhaustion.tone !== 'safe' ? exhaustion.at : '', exhaustion.detail]
            .filter(Boolean)
            .join(' · ')}
        />
        <Stat
          label={atEndLabel}
          value={formatBudget(row.budgetAtEnd)}
          detail={atEndRange}
          title={row.endAt === null ? undefined : formatTime(row.endAt)}
          color={BUDGET_TEXT_COLOR[budgetTone(row.budgetAtEnd)]}
        />
        <Stat
          label="Safe burn rate from now on"
          value={formatBurn(row.safeBurnRate)}
          title="The highest constant burn rate that keeps the budget above 0 to the end of the forecast"
          detail={`now ${formatBurn(row.burn1h)} over 1h`}
        />
      </div>
    </div>
  );
}

function NotFound({ id }: { id: string }) {
  return (
    <NotFoundAlert title="SLO not found" backHref={slosUrl()} backText="Back to all SLOs">
      The sidecar has no SLO “{id}”. It may have been renamed or removed from the configuration (SLO ids are
      “service-name”).
    </NotFoundAlert>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css`
    width: 100%;
    display: flex;
    flex-direction: column;
    gap: ${theme.spacing(1)};
  `,
  meta: css`
    color: ${theme.colors.text.secondary};
    font-size: ${theme.typography.bodySmall.fontSize};
  `,
  // Equal columns, so long details wrap inside their figure instead of pushing the last figure onto a new row.
  stats: css`
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(180px, 1fr));
    gap: ${theme.spacing(2, 4)};
    margin-top: ${theme.spacing(1)};
  `,
  bar: css`
    margin: ${theme.spacing(0.5, 0)};
  `,
});

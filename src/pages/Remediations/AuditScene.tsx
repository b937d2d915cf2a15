import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, TimeRange } from '@grafana/data';
import {
  SceneComponentProps,
  sceneGraph,
  SceneObjectBase,
  SceneObjectState,
  SceneObjectUrlSyncConfig,
  SceneObjectUrlValues,
} from '@grafana/scenes';
import { Icon, LinkButton, LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';
import { AuditFilter, remediationAuditExportUrl, sidecarClient } from '../../api/sidecarClient';
import type { AuditEvent, RemediationAction, RemediationAuditList } from '../../api/types';
import { SidecarErrorAlert } from '../../shared/SidecarErrorAlert';
import { FilterField } from '../../shared/FilterField';
import { plural } from '../Findings/findingsFormat';
import { AuditTable } from './AuditTable';
import { Fetched, LatestOnly, loadWhileActive, notFetched } from './fetched';
import { TextFilter } from './TextFilter';
import { AUDIT_EVENTS, isAuditEvent, isRemediationAction, REMEDIATION_ACTIONS } from './remediationFormat';

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The filters a person sets on the tab, each in the URL (?event=&action=&actor=&target=&proposal=). */
export interface AuditFilterState {
  event?: AuditEvent;
  action?: RemediationAction;
  actor?: string;
  target?: string;
  proposal?: string;
}

const FILTER_KEYS = ['event', 'action', 'actor', 'target', 'proposal'] as const;

interface AuditState extends SceneObjectState, AuditFilterState {
  log: Fetched<RemediationAuditList>;
}

/** What the sidecar is asked for: the tab's filters and the time picker's range as since/until (epoch ms). */
export function auditFilter(filters: AuditFilterState, range: TimeRange): AuditFilter {
  return {
    event: filters.event ? [filters.event] : undefined,
    action: filters.action,
    actor: filters.actor,
    target: filters.target,
    proposal: filters.proposal,
    since: range.from.valueOf(),
    until: range.to.valueOf(),
  };
}

/**
 * The remediation audit log: every proposal, decision, step and verification, filtered by the tab's fields and
 * the time picker, with the state of its hash chain and the same selection as a JSON download.
 */
export class AuditScene extends SceneObjectBase<AuditState> {
  protected _urlSync = new SceneObjectUrlSyncConfig(this, { keys: [...FILTER_KEYS] });
  private readonly fetches = new LatestOnly<RemediationAuditList>(
    () => this.state.log,
    (log) => this.setState({ log })
  );

  constructor(state: Partial<AuditState> = {}) {
    super({ log: notFetched(), ...state });
    loadWhileActive(
      this,
      () => this.load(),
      () => this.fetches.cancel()
    );
  }

  getUrlState() {
    const { event, action, actor, target, proposal } = this.state;
    return { event, action, actor, target, proposal };
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    const next: AuditFilterState = {
      event: isAuditEvent(values.event) ? values.event : undefined,
      action: isRemediationAction(values.action) ? values.action : undefined,
      actor: text(values.actor),
      target: text(values.target),
      proposal: text(values.proposal),
    };
    if (FILTER_KEYS.some((key) => next[key] !== this.state[key])) {
      this.setFilters(next);
    }
  }

  setFilters = (change: AuditFilterState) => {
    this.setState(change);
    this.load();
  };

  /** The current selection, as sent to the sidecar and to the export. */
  currentFilter(): AuditFilter {
    return auditFilter(this.state, sceneGraph.getTimeRange(this).state.value);
  }

  load() {
    if (!this.isActive) {
      return;
    }
    const filter = this.currentFilter();
    return this.fetches.run(() => sidecarClient.listRemediationAudit(filter));
  }

  static Component = AuditRenderer;
}

function AuditRenderer({ model }: SceneComponentProps<AuditScene>) {
  const styles = useStyles2(getStyles);
  const { event, action, actor, target, proposal, log } = model.useState();
  // Read on every render so the export follows the time picker too.
  sceneGraph.getTimeRange(model).useState();
  return (
    <div className={styles.container}>
      <Stack gap={2} wrap="wrap" alignItems="flex-end">
        <FilterField
          label="Event"
          id="audit-event-filter"
          anyLabel="Every event"
          values={[...AUDIT_EVENTS]}
          value={event}
          onChange={(v) => model.setFilters({ event: isAuditEvent(v) ? v : undefined })}
        />
        <FilterField
          label="Action"
          id="audit-action-filter"
          anyLabel="Every action"
          values={[...REMEDIATION_ACTIONS]}
          value={action}
          onChange={(v) => model.setFilters({ action: isRemediationAction(v) ? v : undefined })}
        />
        <TextFilter
          label="Actor"
          placeholder="login, policy:…"
          value={actor}
          onChange={(v) => model.setFilters({ actor: v })}
        />
        <TextFilter
          label="Target"
          placeholder="Deployment/shop/checkout"
          value={target}
          onChange={(v) => model.setFilters({ target: v })}
        />
        <TextFilter
          label="Proposal"
          placeholder="id"
          value={proposal}
          onChange={(v) => model.setFilters({ proposal: v })}
        />
        <LinkButton
          icon="download-alt"
          variant="secondary"
          href={remediationAuditExportUrl(model.currentFilter())}
          // The name the sidecar gives the file too (its Content-Disposition wins where both are set).
          download="prophet-remediation-audit.json"
          // A target keeps Grafana's link handler from routing the download as a page change.
          target="_blank"
          rel="noopener noreferrer"
        >
          Export JSON
        </LinkButton>
      </Stack>
      <AuditBody log={log} />
    </div>
  );
}

function AuditBody({ log }: { log: Fetched<RemediationAuditList> }) {
  if (!log.value) {
    return log.error ? <SidecarErrorAlert message={log.error} /> : <LoadingPlaceholder text="Loading the audit log…" />;
  }
  const { chain, entries } = log.value;
  return (
    <>
      {log.error && <SidecarErrorAlert message={log.error} />}
      <ChainStatus chain={chain} />
      {entries.length ? (
        <AuditTable entries={entries} />
      ) : (
        <Text color="secondary">No audit entry matches these filters in this time range.</Text>
      )}
    </>
  );
}

/** Whether the log's hash chain still holds: a broken link means a row was changed outside the sidecar. */
function ChainStatus({ chain }: { chain: RemediationAuditList['chain'] }) {
  const styles = useStyles2(getStyles);
  if (chain.ok) {
    return (
      <div className={styles.chainOk} data-testid="audit-chain">
        <Icon name="lock" /> Hash chain intact: {plural(chain.entries, 'entry', 'entries')}
      </div>
    );
  }
  return (
    <div className={styles.chainBroken} data-testid="audit-chain" role="alert">
      <Icon name="exclamation-triangle" /> Chain broken at #{chain.firstBrokenSeq ?? '?'}: an entry was changed or
      removed outside the sidecar ({plural(chain.entries, 'entry', 'entries')} checked)
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css`
    display: flex;
    flex-direction: column;
    gap: ${theme.spacing(1.5)};
    width: 100%;
  `,
  chainOk: css`
    color: ${theme.colors.success.text};
    display: flex;
    align-items: center;
    gap: ${theme.spacing(0.5)};
  `,
  chainBroken: css`
    color: ${theme.colors.error.text};
    font-weight: ${theme.typography.fontWeightMedium};
    display: flex;
    align-items: center;
    gap: ${theme.spacing(0.5)};
  `,
});

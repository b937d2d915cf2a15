import React from 'react';
import { css, cx } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Icon, useStyles2, useTheme2 } from '@grafana/ui';
import type { EvidenceRef } from '../../api/types';
import type { EvidenceItem } from '../../datasource/incidentFrames';
import { forecastUrl } from '../../shared/links';
import { anomalyUrl } from '../Anomalies/anomalyLinks';
import { ENTRY_KINDS, entryColor, evidenceAnchor } from './findingsParts';

/** Where a piece of evidence leads: its drilldown, the alert's source (a new tab), or its place on this page. */
export function evidenceHref(ref: EvidenceRef, item?: EvidenceItem): { href: string; external: boolean } {
  if (ref.type === 'anomaly') {
    return { href: anomalyUrl(ref.id), external: false };
  }
  if (ref.type === 'forecast') {
    return { href: forecastUrl(ref.id), external: false };
  }
  if (ref.type === 'alert' && item?.externalUrl) {
    return { href: item.externalUrl, external: true };
  }
  return { href: `#${evidenceAnchor(ref.type, ref.id)}`, external: false };
}

/**
 * Scrolls to the evidence on this page and focuses it. The click stops here: Grafana's global link handler would
 * otherwise turn "#…" into a history change.
 */
function jumpTo(event: React.MouseEvent<HTMLAnchorElement>, anchor: string) {
  event.preventDefault();
  event.stopPropagation();
  const target = document.getElementById(anchor);
  target?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  target?.focus({ preventScroll: true });
}

/** One piece of evidence as a chip: its kind's icon and a short name, the full title on hover. */
export function EvidenceLink({ evidence, items }: { evidence: EvidenceRef; items: EvidenceItem[] }) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const item = items.find((i) => i.type === evidence.type && i.id === evidence.id);
  const kind = ENTRY_KINDS[evidence.type];
  const icon = <Icon name={kind.icon} size="sm" style={{ color: entryColor(theme, evidence.type) }} />;
  if (!item) {
    // Evidence the incident no longer carries (a finding gone since): named, not linked.
    return (
      <span className={cx(styles.chip, styles.gone)} title="No longer part of this incident">
        {icon}
        {kind.label} {evidence.id}
      </span>
    );
  }
  const { href, external } = evidenceHref(evidence, item);
  const title = `${kind.label}: ${item.description}${external ? ' (opens the alert source in a new tab)' : ''}`;
  const local = href.startsWith('#');
  return (
    <a
      className={styles.chip}
      href={href}
      title={title}
      data-evidence={evidence.type}
      {...(external ? { target: '_blank', rel: 'noopener noreferrer' } : {})}
      onClick={local ? (e) => jumpTo(e, href.slice(1)) : undefined}
    >
      {icon}
      <span className={styles.label}>{item.label}</span>
      {external && <Icon name="external-link-alt" size="xs" />}
    </a>
  );
}

export function EvidenceLinks({ evidence, items }: { evidence: EvidenceRef[]; items: EvidenceItem[] }) {
  const styles = useStyles2(getStyles);
  if (!evidence.length) {
    return null;
  }
  return (
    <span className={styles.list}>
      {evidence.map((e) => (
        <EvidenceLink key={`${e.type}:${e.id}`} evidence={e} items={items} />
      ))}
    </span>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css`
    display: flex;
    flex-wrap: wrap;
    gap: ${theme.spacing(0.5)};
    min-width: 0;
  `,
  chip: css`
    display: inline-flex;
    align-items: center;
    gap: ${theme.spacing(0.5)};
    max-width: 100%;
    min-width: 0;
    overflow: hidden;
    padding: ${theme.spacing(0, 1)};
    border: 1px solid ${theme.colors.border.weak};
    border-radius: ${theme.shape.radius.pill};
    background: ${theme.colors.background.secondary};
    color: ${theme.colors.text.link};
    font-size: ${theme.typography.bodySmall.fontSize};
    line-height: 20px;
    svg {
      flex-shrink: 0;
    }
    &:hover {
      border-color: ${theme.colors.border.strong};
      text-decoration: underline;
    }
  `,
  label: css`
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  `,
  gone: css`
    color: ${theme.colors.text.secondary};
    &:hover {
      text-decoration: none;
    }
  `,
});

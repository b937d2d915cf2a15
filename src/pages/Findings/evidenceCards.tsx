import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Badge, Icon, Stack, Text, TextLink, useStyles2 } from '@grafana/ui';
import type { IncidentAlert, IncidentFinding } from '../../api/types';
import { evidenceAnchor, SeverityBadge, TimeAgo } from './findingsParts';

// Alerts and K8sGPT findings on the incident page: cards, because their labels, annotations and errors are text
// to read rather than figures to compare.

/** Annotations shown as the card's text; every other annotation is listed under it. */
const PROSE_ANNOTATIONS = ['summary', 'description', 'message'];

export function AlertCard({ alert, now }: { alert: IncidentAlert; now: number }) {
  const styles = useStyles2(getStyles);
  const prose = PROSE_ANNOTATIONS.map((k) => alert.annotations[k]).filter(Boolean);
  const other = Object.entries(alert.annotations).filter(([k]) => !PROSE_ANNOTATIONS.includes(k));
  return (
    <article
      id={evidenceAnchor('alert', alert.fingerprint)}
      tabIndex={-1}
      className={styles.card}
      aria-label={`Alert ${alert.alertname}`}
    >
      <Stack gap={1} alignItems="center" wrap="wrap">
        <Icon name="bell" />
        <Text weight="medium">{alert.alertname}</Text>
        <Badge text={alert.status} color={alert.status === 'firing' ? 'red' : 'green'} />
        {alert.severity && <span className={styles.secondary}>{alert.severity}</span>}
        <span className={styles.secondary}>
          <TimeAgo at={alert.startsAt} now={now} prefix="since " />
          {alert.endsAt !== null && (
            <>
              {', ended '}
              <TimeAgo at={alert.endsAt} now={now} />
            </>
          )}
        </span>
      </Stack>
      {prose.map((p) => (
        <div key={p}>{p}</div>
      ))}
      <div className={styles.labels} aria-label="Labels">
        {Object.entries(alert.labels).map(([k, v]) => (
          <code key={k} className={styles.label}>
            {k}={v}
          </code>
        ))}
      </div>
      {other.length > 0 && (
        <dl className={styles.annotations}>
          {other.map(([k, v]) => (
            <React.Fragment key={k}>
              <dt>{k}</dt>
              <dd>
                {/^https?:\/\//.test(v) ? (
                  <TextLink href={v} external>
                    {v}
                  </TextLink>
                ) : (
                  v
                )}
              </dd>
            </React.Fragment>
          ))}
        </dl>
      )}
      {alert.generatorURL ? (
        <div>
          <TextLink href={alert.generatorURL} external icon="external-link-alt">
            Open the alert&apos;s source
          </TextLink>
        </div>
      ) : (
        <Text color="secondary" variant="bodySmall">
          The alert carries no generator URL.
        </Text>
      )}
    </article>
  );
}

export function FindingCard({ finding, now }: { finding: IncidentFinding; now: number }) {
  const styles = useStyles2(getStyles);
  return (
    <article
      id={evidenceAnchor('finding', finding.id)}
      tabIndex={-1}
      className={styles.card}
      aria-label={`K8sGPT finding ${finding.kind} ${finding.name}`}
    >
      <Stack gap={1} alignItems="center" wrap="wrap">
        <SeverityBadge severity={finding.severity} />
        <Text weight="medium">
          {finding.kind} {finding.name}
        </Text>
        {finding.parentObject && <span className={styles.secondary}>of {finding.parentObject}</span>}
        <span className={styles.secondary}>
          <TimeAgo at={finding.firstSeen} now={now} prefix="seen " />
          {finding.goneAt !== null && (
            <>
              {', gone '}
              <TimeAgo at={finding.goneAt} now={now} />
            </>
          )}
        </span>
      </Stack>
      <ul className={styles.errors}>
        {finding.errors.map((e) => (
          <li key={e}>{e}</li>
        ))}
      </ul>
      {finding.details && (
        <blockquote className={styles.details} aria-label="K8sGPT explanation">
          {finding.details}
        </blockquote>
      )}
    </article>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  card: css`
    display: flex;
    flex-direction: column;
    gap: ${theme.spacing(1)};
    padding: ${theme.spacing(1.5)};
    border: 1px solid ${theme.colors.border.weak};
    border-radius: ${theme.shape.radius.default};
    background: ${theme.colors.background.secondary};
    &:focus {
      outline: 2px solid ${theme.colors.primary.border};
    }
  `,
  secondary: css`
    color: ${theme.colors.text.secondary};
    font-size: ${theme.typography.bodySmall.fontSize};
  `,
  labels: css`
    display: flex;
    flex-wrap: wrap;
    gap: ${theme.spacing(0.5)};
  `,
  label: css`
    font-size: ${theme.typography.bodySmall.fontSize};
    padding: ${theme.spacing(0, 0.5)};
  `,
  annotations: css`
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: ${theme.spacing(0.5, 2)};
    margin: 0;
    font-size: ${theme.typography.bodySmall.fontSize};
    dt {
      color: ${theme.colors.text.secondary};
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
  `,
  errors: css`
    margin: 0 0 0 ${theme.spacing(2)};
  `,
  details: css`
    margin: 0;
    padding: ${theme.spacing(0.5, 1.5)};
    border-left: 3px solid ${theme.colors.border.medium};
    color: ${theme.colors.text.secondary};
    white-space: pre-wrap;
  `,
});

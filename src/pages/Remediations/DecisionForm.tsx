import React, { useRef, useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Field, Stack, TextArea, useStyles2 } from '@grafana/ui';
import { sidecarClient, type RemediationDecision } from '../../api/sidecarClient';
import type { RemediationDecisionResult, RemediationProposal } from '../../api/types';
import { useNow } from '../../shared/useNow';
import { asSidecarError } from './fetched';
import { type DecisionPermission, isOpenForDecision } from './remediationFormat';

/** The sidecar's limit on a decision comment. */
export const MAX_COMMENT_LENGTH = 1000;

interface DecisionFormProps {
  proposal: Pick<RemediationProposal, 'id' | 'state' | 'expiresAt' | 'title'>;
  permission: DecisionPermission;
  /** Called with the sidecar's answer after a decision went through (changed false: it already had it); the
   * caller refetches and says what happened. */
  onDecided: (result: RemediationDecisionResult) => void;
  /** One row, for the approvals panel. */
  compact?: boolean;
}

type Refusal = { decision: RemediationDecision; message: string } | null;

/**
 * Approve / Reject with a comment, for a proposal still waiting for a decision. One request at a time: the
 * buttons are disabled while it is in flight, and a second click in the same moment is dropped before it sends.
 * A refusal (the plugin proxy's or the sidecar's 401/403/409) is shown as the server worded it.
 */
export function DecisionForm({ proposal, permission, onDecided, compact = false }: DecisionFormProps) {
  const styles = useStyles2(getStyles);
  const now = useNow(1000);
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState<RemediationDecision | null>(null);
  const [refusal, setRefusal] = useState<Refusal>(null);
  const inFlight = useRef(false);

  if (!isOpenForDecision(proposal, now)) {
    return null;
  }
  if (!permission.allowed) {
    return (
      <div className={styles.hint} data-testid="decision-hint">
        {permission.hint}
      </div>
    );
  }

  const decide = async (decision: RemediationDecision) => {
    if (inFlight.current) {
      return;
    }
    const text = comment.trim();
    if (decision === 'reject' && !text) {
      setCommentError('Rejecting needs a comment: say why, so whoever looks next knows.');
      return;
    }
    inFlight.current = true;
    setCommentError(null);
    setRefusal(null);
    setSubmitting(decision);
    try {
      onDecided(await sidecarClient.decideRemediation(proposal.id, decision, text));
    } catch (err) {
      setRefusal({ decision, message: asSidecarError(err).message });
    } finally {
      inFlight.current = false;
      setSubmitting(null);
    }
  };

  const commentId = `decision-comment-${proposal.id}`;
  return (
    <div className={compact ? styles.compact : styles.form} data-testid="decision-form">
      <Field
        label="Comment"
        description={compact ? undefined : 'Recorded in the audit log with your name. Required to reject.'}
        invalid={Boolean(commentError)}
        error={commentError}
        className={compact ? styles.compactField : styles.field}
      >
        <TextArea
          id={commentId}
          aria-label={compact ? `Comment on ${proposal.title}` : 'Comment'}
          value={comment}
          rows={compact ? 1 : 2}
          maxLength={MAX_COMMENT_LENGTH}
          placeholder="Why approve or reject"
          disabled={submitting !== null}
          onChange={(e) => {
            setComment(e.currentTarget.value);
            setCommentError(null);
          }}
        />
      </Field>
      <Stack gap={1}>
        <Button
          icon={submitting === 'approve' ? 'spinner' : 'check'}
          variant="primary"
          size={compact ? 'sm' : 'md'}
          disabled={submitting !== null}
          onClick={() => decide('approve')}
        >
          Approve
        </Button>
        <Button
          icon={submitting === 'reject' ? 'spinner' : 'times'}
          variant="destructive"
          fill="outline"
          size={compact ? 'sm' : 'md'}
          disabled={submitting !== null}
          onClick={() => decide('reject')}
        >
          Reject
        </Button>
      </Stack>
      {refusal && (
        <Alert
          severity="error"
          title={refusal.decision === 'approve' ? 'Not approved' : 'Not rejected'}
          className={styles.alert}
        >
          {refusal.message}
        </Alert>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  form: css`
    display: flex;
    flex-direction: column;
    gap: ${theme.spacing(1)};
    max-width: 640px;
  `,
  compact: css`
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: ${theme.spacing(1)};
  `,
  field: css`
    margin-bottom: 0;
  `,
  // In a row, the comment takes the room the buttons leave (in the column layout this basis would be a height).
  compactField: css`
    margin-bottom: 0;
    flex: 1 1 240px;
  `,
  alert: css`
    margin: 0;
    flex-basis: 100%;
  `,
  hint: css`
    color: ${theme.colors.text.secondary};
    font-size: ${theme.typography.bodySmall.fontSize};
  `,
});

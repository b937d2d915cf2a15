import React from 'react';
import { Alert } from '@grafana/ui';
import { AppLink } from './AppLink';

interface Props {
  /** "SLO not found". */
  title: string;
  /** Why an id can be unknown here. */
  children: React.ReactNode;
  backHref: string;
  backText: string;
}

/** A drilldown whose id the sidecar does not know: what happened and the way back to the list. */
export function NotFoundAlert({ title, children, backHref, backText }: Props) {
  return (
    <Alert severity="warning" title={title}>
      <div>{children}</div>
      <AppLink href={backHref}>{backText}</AppLink>
    </Alert>
  );
}

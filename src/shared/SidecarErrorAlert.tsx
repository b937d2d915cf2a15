import React from 'react';
import { Alert } from '@grafana/ui';
import { AppLink } from './AppLink';
import { CONFIG_PAGE_URL } from '../constants';

/** Names the problem in the title so users know whether to fix the URL, the token or the sidecar itself. */
export function sidecarErrorTitle(message: string): string {
  if (/unreachable/i.test(message)) {
    return 'Sidecar unreachable';
  }
  if (/\b(401|403)\b/.test(message)) {
    return 'Sidecar refused the request';
  }
  return 'Sidecar error';
}

export function SidecarErrorAlert({ message }: { message: string }) {
  return (
    <Alert severity="error" title={sidecarErrorTitle(message)}>
      <div>{message}</div>
      <AppLink href={CONFIG_PAGE_URL}>Check the sidecar URL and token in the app configuration</AppLink>
    </Alert>
  );
}

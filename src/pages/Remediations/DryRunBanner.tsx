import React from 'react';
import { Alert } from '@grafana/ui';

/** The global switch is on: say so before anyone approves something expecting it to change the cluster. */
export function DryRunBanner() {
  return (
    <Alert severity="info" title="Dry-run: remediations change nothing in the cluster">
      <code>remediation.dryRun</code> is on in the sidecar&apos;s configuration. Approved proposals still run through
      their steps, which are planned and recorded (&quot;dry-run: would …&quot;) but not carried out, and are not
      verified.
    </Alert>
  );
}

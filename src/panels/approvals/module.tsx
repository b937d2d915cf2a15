import { PanelPlugin } from '@grafana/data';
import { ApprovalsPanel } from './ApprovalsPanel';
import { ApprovalsPanelOptions, DEFAULT_OPTIONS } from './types';

/**
 * "Remediation approvals": the proposals waiting for a decision, with Approve and Reject, on any dashboard. It
 * talks to the sidecar through the Prophet AIOps app's plugin proxy, so the app must be enabled and configured.
 */
export const plugin = new PanelPlugin<ApprovalsPanelOptions>(ApprovalsPanel).setPanelOptions((builder) =>
  builder.addTextInput({
    path: 'namespace',
    name: 'Namespace',
    description: 'Only proposals for objects in this namespace; empty lists every namespace.',
    defaultValue: DEFAULT_OPTIONS.namespace,
  })
);

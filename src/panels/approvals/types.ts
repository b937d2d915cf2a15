/** The approvals panel's options (panel editor → Remediation approvals). */
export interface ApprovalsPanelOptions {
  /** Only proposals whose target is in this namespace; empty: every namespace. */
  namespace: string;
}

export const DEFAULT_OPTIONS: ApprovalsPanelOptions = { namespace: '' };

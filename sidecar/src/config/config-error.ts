// Config problems are reported all at once, each naming where it came from (file or environment variable)
// and the field, so an operator can fix a broken deployment in one edit instead of one restart per typo.

export interface ConfigIssue {
  /** The config file path, "environment", or "defaults". */
  source: string;
  /** Dotted field path ("forecasts.jobs[2].step") or the environment variable ("PROPHET_PORT"). */
  field: string;
  message: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[]) {
    super(issues.map((i) => `config error in ${i.source}: ${i.field ? `${i.field}: ` : ''}${i.message}`).join('\n'));
    this.issues = issues;
  }
}

// The `remediation` config section resolved: policies from remediation.policies and the files of
// remediation.policyFiles (relative to the config file), or the built-in ones when neither is set, like SLOs.
import { readFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import type { ConfigIssue } from '../../config/config-error.ts';
import type { RemediationConfig } from '../../config/config-types.ts';
import { parseDuration } from '../../config/duration.ts';
import {
  loadBuiltInPolicies,
  loadInlinePolicies,
  loadPolicyFile,
  mergePolicies,
  type PolicyLoad,
} from './load-policies.ts';
import type { PolicyInput } from './policy-schema.ts';
import type { LineOf } from './yaml-lines.ts';

export interface RemediationSection {
  enabled: boolean;
  dryRun: boolean;
  checkInterval: string;
  policyFiles: string[];
  policies?: unknown[];
}

export function resolveRemediationConfig(
  section: RemediationSection,
  where: { file: string | null; lineOf: LineOf | null; builtIn: readonly PolicyInput[] }
): { config: RemediationConfig; issues: ConfigIssue[] } {
  const { file, lineOf } = where;
  const defaults = section.policies === undefined && section.policyFiles.length === 0;
  const parts: PolicyLoad[] = [];
  if (defaults) {
    parts.push(loadBuiltInPolicies(where.builtIn));
  } else if (section.policies !== undefined) {
    // Inline policies only come from a file (the environment cannot set them).
    parts.push(loadInlinePolicies(section.policies, file ?? 'config', lineOf));
  }
  const policyFiles: string[] = [];
  section.policyFiles.forEach((name, i) => {
    const path = file ? resolvePath(dirname(file), name) : resolvePath(name);
    policyFiles.push(path);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const line = lineOf?.(['remediation', 'policyFiles', i]) ?? null;
      parts.push({
        policies: [],
        issues: [
          {
            source: file === null ? 'defaults' : line === null ? file : `${file}:${line}`,
            field: `remediation.policyFiles[${i}]`,
            message: `cannot read policy file: ${(error as Error).message}`,
          },
        ],
      });
      return;
    }
    parts.push(loadPolicyFile(path, text));
  });
  const { policies, issues } = mergePolicies(parts);
  return {
    config: {
      enabled: section.enabled,
      dryRun: section.dryRun,
      checkIntervalMs: parseDuration(section.checkInterval),
      policies,
      defaults,
      policyFiles,
    },
    issues,
  };
}

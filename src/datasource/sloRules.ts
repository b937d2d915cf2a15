import { createDataFrame, DataFrame, FieldType } from '@grafana/data';

// The sidecar serves one rule file for every SLO (GET /api/slos/rules). Its groups are named
// prophet-slo-<kind>-recordings-<id> and prophet-slo-alerts-<id> (sidecar/src/slo/rules.ts), so one SLO's rules are
// its groups, cut out of the text as they are: the YAML is shown and copied exactly as the sidecar wrote it.

const GROUP_START = /^ {2}- name: (.+)$/;
const GROUP_NAME = /^prophet-slo-(?:[a-z]+-recordings|alerts)-(.+)$/;

export interface SloRules {
  /** A rule file with only this SLO's groups, or the whole file when they cannot be cut out cleanly. */
  yaml: string;
  /** False when `yaml` is the whole file (see below). */
  onlyThisSlo: boolean;
  groups: string[];
}

/**
 * This SLO's groups of the rule file, under the file's header comment. The whole file comes back instead when a
 * kept group would use a YAML alias (`*a1`) whose anchor (`&a1`) sits in a group left out: cut, it would not parse.
 */
export function sloRulesOf(file: string, sloId: string): SloRules {
  const lines = file.split('\n');
  const groupsAt = lines.findIndex((l) => l === 'groups:');
  if (groupsAt < 0) {
    return { yaml: file, onlyThisSlo: false, groups: [] };
  }
  const header = lines.slice(0, groupsAt + 1);
  const blocks: Array<{ name: string; lines: string[] }> = [];
  for (const line of lines.slice(groupsAt + 1)) {
    const start = GROUP_START.exec(line);
    if (start) {
      blocks.push({ name: start[1].trim(), lines: [line] });
    } else if (blocks.length) {
      blocks[blocks.length - 1].lines.push(line);
    }
  }
  const kept = blocks.filter((b) => GROUP_NAME.exec(b.name)?.[1] === sloId);
  const body = kept.flatMap((b) => b.lines);
  while (body.length && body[body.length - 1].trim() === '') {
    body.pop();
  }
  const text = body.join('\n');
  // Anchors and aliases as the sidecar's YAML writer places them: a whole value after "key:" or "-".
  const anchors = new Set([...text.matchAll(/(?:^|:|-)[ \t]+&([\w-]+)/gm)].map((m) => m[1]));
  const dangling = [...text.matchAll(/(?:^|:|-)[ \t]+\*([\w-]+)[ \t]*$/gm)].some((m) => !anchors.has(m[1]));
  if (dangling) {
    return { yaml: file, onlyThisSlo: false, groups: blocks.map((b) => b.name) };
  }
  return {
    yaml: kept.length ? `${header.join('\n')}\n${text}\n` : '',
    onlyThisSlo: true,
    groups: kept.map((b) => b.name),
  };
}

/** One row: the SLO's rule file text and whether it holds only this SLO's groups. */
export function sloRulesFrame(file: string, sloId: string, refId?: string): DataFrame {
  const rules = sloRulesOf(file, sloId);
  return createDataFrame({
    refId,
    name: 'rules',
    fields: [
      { name: 'yaml', type: FieldType.string, values: [rules.yaml] },
      { name: 'onlyThisSlo', type: FieldType.boolean, values: [rules.onlyThisSlo] },
      { name: 'groups', type: FieldType.number, values: [rules.groups.length] },
    ],
  });
}

// PromQL checks for SLO queries, on the Lezer grammar Prometheus' own UI uses: syntax errors become one plain
// sentence (where and near what), and selectors are taken apart for the importers.
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';

/** Sloth's placeholder for the rate range, e.g. `rate(http_requests_total[{{.window}}])`. */
export const WINDOW_PLACEHOLDER = '{{.window}}';
const PLACEHOLDER_RE = /\{\{\s*\.window\s*\}\}/g;

/** The query with every `{{.window}}` replaced by a Prometheus duration ("5m"). */
export function renderWindow(query: string, window: string): string {
  return query.replace(PLACEHOLDER_RE, window);
}

export function hasWindowPlaceholder(query: string): boolean {
  return new RegExp(PLACEHOLDER_RE.source).test(query);
}

/** A syntax problem in PromQL as a sentence ("syntax error at character 23 (near "[5m"): …"), or undefined. */
export function promqlSyntaxError(text: string): string | undefined {
  if (text.trim() === '') {
    return 'empty PromQL query';
  }
  let at: number | undefined;
  parser.parse(text).iterate({
    enter(node) {
      if (at === undefined && node.type.isError) {
        at = node.from;
      }
      return at === undefined;
    },
  });
  if (at === undefined) {
    return undefined;
  }
  const near = text.slice(Math.max(0, at - 10), at + 10).replace(/\s+/g, ' ');
  const what = at >= text.length ? 'unexpected end of query' : `unexpected ${JSON.stringify(text[at])}`;
  return `PromQL syntax error at character ${at + 1} (${what}, near ${JSON.stringify(near)})`;
}

export interface LabelMatcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

export interface ParsedSelector {
  metric: string;
  matchers: LabelMatcher[];
}

/** A plain vector selector (`name{l="v",…}`) taken apart; undefined when the text is anything else. */
export function parseSelector(text: string): ParsedSelector | undefined {
  if (promqlSyntaxError(text) !== undefined) {
    return undefined;
  }
  const top = parser.parse(text).topNode.firstChild;
  if (!top || top.name !== 'VectorSelector') {
    return undefined;
  }
  let metric = '';
  const matchers: LabelMatcher[] = [];
  for (let c = top.firstChild; c; c = c.nextSibling) {
    if (c.name === 'Identifier') {
      metric = text.slice(c.from, c.to);
    } else if (c.name === 'LabelMatchers') {
      for (let m = c.firstChild; m; m = m.nextSibling) {
        const parts = children(m);
        if (m.name !== 'UnquotedLabelMatcher' || parts.length !== 3) {
          return undefined;
        }
        const [name, op, value] = parts.map((p) => text.slice(p.from, p.to));
        matchers.push({ name, op: op as LabelMatcher['op'], value: unquote(value) });
      }
    }
  }
  return metric ? { metric, matchers } : undefined;
}

/** Matchers back to PromQL text: `job="api",code!~"5.."`. */
export function formatMatchers(matchers: readonly LabelMatcher[]): string {
  return matchers.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`).join(',');
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    out.push(c);
  }
  return out;
}

function unquote(text: string): string {
  const quote = text[0];
  const body = text.slice(1, -1);
  if (quote === '`') {
    return body;
  }
  if (quote === '"') {
    return JSON.parse(text.replace(/\\'/g, "'")) as string;
  }
  return JSON.parse(`"${body.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string;
}

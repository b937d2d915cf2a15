// PromQL text → our syntax tree, using the Lezer grammar Prometheus' own UI uses. Constructs outside the supported
// subset are refused with a QueryError that names them.
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import { QueryError } from '../metric-source.ts';
import type { Expr, Matcher, MatchOp, SelectorExpr, VectorMatching } from './ast.ts';

const BINARY_OPS: Record<string, string> = {
  Add: '+', Sub: '-', Mul: '*', Div: '/', Mod: '%', Pow: '^',
  Eql: '==', Neq: '!=', Gtr: '>', Gte: '>=', Lss: '<', Lte: '<=',
  And: 'and', Or: 'or', Unless: 'unless', Atan2: 'atan2',
};

const UNSUPPORTED_NODES: Record<string, string> = {
  SubqueryExpr: 'subquery', StepInvariantExpr: '@ modifier', AnchoredExpr: 'anchored modifier',
  SmoothedExpr: 'smoothed modifier', FillModifier: 'fill modifier',
};

export function parsePromQL(text: string): Expr {
  if (text.trim() === '') {throw new QueryError('empty PromQL query');}
  const tree = parser.parse(text);
  tree.iterate({
    enter(node) {
      if (node.type.isError) {throw new QueryError(`PromQL parse error at character ${node.from + 1} of ${JSON.stringify(text)}`);}
    },
  });
  const top = tree.topNode.firstChild;
  if (!top) {throw new QueryError('empty PromQL query');}
  return new Converter(text).expr(top);
}

class Converter {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }

  src(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }

  children(node: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) {out.push(c);}
    return out;
  }

  expr(node: SyntaxNode): Expr {
    switch (node.name) {
      case 'NumberDurationLiteral': return { type: 'number', value: parseNumber(this.src(node)) };
      case 'StringLiteral': return { type: 'string', value: unquote(this.src(node)) };
      case 'ParenExpr': return this.expr(this.children(node)[0]);
      case 'VectorSelector': return this.selector(node);
      case 'MatrixSelector': return this.matrix(node);
      case 'OffsetExpr': return this.offset(node);
      case 'UnaryExpr': {
        const [op, inner] = this.children(node);
        return { type: 'unary', op: this.src(op) === '-' ? '-' : '+', expr: this.expr(inner) };
      }
      case 'FunctionCall': return this.call(node);
      case 'AggregateExpr': return this.aggregate(node);
      case 'BinaryExpr': return this.binary(node);
      default: {
        const what = UNSUPPORTED_NODES[node.name] ?? `expression ${node.name}`;
        throw new QueryError(`unsupported PromQL construct: ${what} in ${JSON.stringify(this.src(node))}`);
      }
    }
  }

  selector(node: SyntaxNode): SelectorExpr {
    const matchers: Matcher[] = [];
    for (const c of this.children(node)) {
      if (c.name === 'Identifier') {matchers.push(makeMatcher('__name__', '=', this.src(c)));}
      else if (c.name === 'LabelMatchers') {
        for (const m of this.children(c)) {
          if (m.name === 'QuotedLabelName') { // {"metric.name"} form
            matchers.push(makeMatcher('__name__', '=', unquote(this.src(m))));
            continue;
          }
          const [nameNode, opNode, valueNode] = this.children(m);
          const name = nameNode.name === 'QuotedLabelName' ? unquote(this.src(nameNode)) : this.src(nameNode);
          matchers.push(makeMatcher(name, this.src(opNode) as MatchOp, unquote(this.src(valueNode))));
        }
      }
    }
    if (!matchers.some((m) => !matches0(m))) {
      throw new QueryError(`vector selector must contain at least one non-empty matcher: ${this.src(node)}`);
    }
    return { type: 'selector', matchers, offsetMs: 0 };
  }

  matrix(node: SyntaxNode): Expr {
    const [inner, duration] = this.children(node);
    if (inner.name !== 'VectorSelector') {throw new QueryError(`ranges only allowed for vector selectors: ${this.src(node)}`);}
    return { type: 'matrix', selector: this.selector(inner), rangeMs: this.duration(duration) };
  }

  offset(node: SyntaxNode): Expr {
    const kids = this.children(node);
    const inner = this.expr(kids[0]);
    const durNode = kids.find((k) => k.name === 'OffsetDurationExpr');
    if (!durNode) {throw new QueryError(`unsupported offset in ${this.src(node)}`);}
    const text = this.src(durNode).trim();
    const offsetMs = text.startsWith('-') ? -parseDurationMs(text.slice(1).trim()) : parseDurationMs(text);
    if (inner.type === 'selector') {return { ...inner, offsetMs };}
    if (inner.type === 'matrix') {return { ...inner, selector: { ...inner.selector, offsetMs } };}
    throw new QueryError(`offset modifier must be applied to a selector: ${this.src(node)}`);
  }

  duration(node: SyntaxNode): number {
    const kids = this.children(node);
    if (kids.length !== 1 || kids[0].name !== 'NumberDurationLiteralInDurationContext') {
      throw new QueryError(`unsupported PromQL construct: duration expression ${JSON.stringify(this.src(node))}`);
    }
    return parseDurationMs(this.src(kids[0]));
  }

  call(node: SyntaxNode): Expr {
    const [ident, body] = this.children(node);
    const args = body ? this.children(body).map((a) => this.expr(a)) : [];
    return { type: 'call', fn: this.src(ident), args };
  }

  aggregate(node: SyntaxNode): Expr {
    let op = '';
    let by: string[] = [];
    let without = false;
    let args: Expr[] = [];
    for (const c of this.children(node)) {
      if (c.name === 'AggregateOp') {op = this.src(c);}
      else if (c.name === 'AggregateModifier') {
        const [kw, labels] = this.children(c);
        without = kw.name === 'Without';
        by = labels ? this.labelList(labels) : [];
      } else if (c.name === 'FunctionCallBody') {args = this.children(c).map((a) => this.expr(a));}
    }
    const expr = args[args.length - 1];
    if (!expr) {throw new QueryError(`aggregation ${op} needs an expression`);}
    return { type: 'aggregate', op, by, without, param: args.length > 1 ? args[0] : null, expr };
  }

  labelList(node: SyntaxNode): string[] {
    return this.children(node).map((l) => (l.name === 'QuotedLabelName' ? unquote(this.src(l)) : this.src(l)));
  }

  binary(node: SyntaxNode): Expr {
    const kids = this.children(node);
    const lhs = this.expr(kids[0]);
    const rhs = this.expr(kids[kids.length - 1]);
    let op = '';
    let bool = false;
    let matching: VectorMatching | null = null;
    for (const c of kids.slice(1, -1)) {
      if (BINARY_OPS[c.name]) {op = BINARY_OPS[c.name];}
      else if (c.name === 'BoolModifier') {bool = true;}
      else if (c.name === 'MatchingModifierClause') {matching = this.matching(c);}
      else {throw new QueryError(`unsupported PromQL construct: ${c.name} in ${JSON.stringify(this.src(node))}`);}
    }
    if (!op) {throw new QueryError(`unknown binary operator in ${JSON.stringify(this.src(node))}`);}
    return { type: 'binary', op, lhs, rhs, bool, matching };
  }

  matching(node: SyntaxNode): VectorMatching {
    const m: VectorMatching = { card: 'one-to-one', on: false, labels: [], include: [] };
    let afterGroup = false;
    for (const c of this.children(node)) {
      if (c.name === 'On') {m.on = true;}
      else if (c.name === 'GroupLeft') { m.card = 'many-to-one'; afterGroup = true; }
      else if (c.name === 'GroupRight') { m.card = 'one-to-many'; afterGroup = true; }
      else if (c.name === 'GroupingLabels') {
        if (afterGroup) {m.include = this.labelList(c);} else {m.labels = this.labelList(c);}
      }
    }
    return m;
  }
}

function matches0(m: Matcher): boolean {
  switch (m.op) {
    case '=': return m.value === '';
    case '!=': return m.value !== '';
    case '=~': return m.regex!.test('');
    case '!~': return !m.regex!.test('');
  }
}

export function makeMatcher(name: string, op: MatchOp, value: string): Matcher {
  let regex: RegExp | null = null;
  if (op === '=~' || op === '!~') {
    try {
      // Prometheus anchors regexes and lets "." match newlines.
      regex = new RegExp(`^(?:${value})$`, 's');
    } catch (e) {
      throw new QueryError(`invalid regular expression ${JSON.stringify(value)}: ${(e as Error).message}`);
    }
  }
  return { name, op, value, regex };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };

export function parseDurationMs(text: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) {return Number(text) * 1000;} // a bare number is seconds
  const re = /(\d+)(ms|s|m|h|d|w|y)/g;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index !== consumed) {break;}
    total += Number(m[1]) * UNIT_MS[m[2]];
    consumed += m[0].length;
  }
  if (consumed !== text.length || consumed === 0) {throw new QueryError(`invalid duration ${JSON.stringify(text)}`);}
  return total;
}

function parseNumber(text: string): number {
  const t = text.toLowerCase();
  if (t === 'inf' || t === '+inf') {return Infinity;}
  if (t === '-inf') {return -Infinity;}
  if (t === 'nan') {return NaN;}
  const n = Number(text);
  if (!Number.isNaN(n)) {return n;}
  return parseDurationMs(text) / 1000; // durations are allowed as numbers (seconds)
}

function unquote(text: string): string {
  try {
    return unquoteUnchecked(text);
  } catch {
    throw new QueryError(`invalid string literal ${text}`);
  }
}

function unquoteUnchecked(text: string): string {
  const q = text[0];
  const body = text.slice(1, -1);
  if (q === '`') {return body;}
  if (q === '"') {return JSON.parse(text.replace(/\\'/g, "'")) as string;}
  return JSON.parse(`"${body.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string;
}

// The PromQL subset's syntax tree, produced from the Lezer parse tree by parse.ts.

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  name: string;
  op: MatchOp;
  value: string;
  /** For =~ and !~: anchored like Prometheus (^(?:re)$). */
  regex: RegExp | null;
}

export interface SelectorExpr {
  type: 'selector';
  /** All matchers, including the metric name as __name__="…" when given. */
  matchers: Matcher[];
  offsetMs: number;
}

export interface VectorMatching {
  card: 'one-to-one' | 'many-to-one' | 'one-to-many';
  /** true for on(…), false for ignoring(…) or no clause. */
  on: boolean;
  labels: string[];
  /** group_left/group_right(…) labels copied from the "one" side. */
  include: string[];
}

export type Expr =
  | { type: 'number'; value: number }
  | { type: 'string'; value: string }
  | SelectorExpr
  | { type: 'matrix'; selector: SelectorExpr; rangeMs: number }
  | { type: 'call'; fn: string; args: Expr[] }
  | { type: 'aggregate'; op: string; by: string[]; without: boolean; param: Expr | null; expr: Expr }
  | { type: 'binary'; op: string; lhs: Expr; rhs: Expr; bool: boolean; matching: VectorMatching | null }
  | { type: 'unary'; op: '-' | '+'; expr: Expr };

export function matches(m: Matcher, value: string | undefined): boolean {
  const v = value ?? '';
  switch (m.op) {
    case '=': return v === m.value;
    case '!=': return v !== m.value;
    case '=~': return m.regex!.test(v);
    case '!~': return !m.regex!.test(v);
  }
}

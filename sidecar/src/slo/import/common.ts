// Shared pieces of the Sloth and Pyrra importers: issue collection and small checks on untyped YAML.
import { SloError, validateSlos, type SloInput, type SloIssue, type SloSpec } from '../spec.ts';

export type Json = Record<string, unknown>;

export interface ImportResult {
  slos: SloSpec[];
  warnings: SloIssue[];
}

export function isMapping(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects errors and warnings for one source file; `fail()` throws them all at once. */
export class Issues {
  readonly source: string;
  readonly errors: SloIssue[] = [];
  readonly warnings: SloIssue[] = [];

  constructor(source: string) {
    this.source = source;
  }

  error(slo: string | undefined, field: string, message: string): void {
    this.errors.push({ source: this.source, slo, field, message });
  }

  warn(slo: string | undefined, field: string, message: string): void {
    this.warnings.push({ source: this.source, slo, field, message });
  }

  /** Fields of `value` outside `known`, each as a warning saying it is ignored (`why` defaults to "unknown field"). */
  unknown(slo: string | undefined, at: string, value: Json, known: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) {
        this.warn(slo, join(at, key), 'unknown field, ignored');
      }
    }
  }

  /** Validates one converted SLO with our schema, reporting problems at the source format's field names. */
  validate(input: SloInput, locate: (field: string) => string): SloSpec | undefined {
    try {
      const { slos, warnings } = validateSlos([input], { source: this.source, locate: (_i, field) => locate(field) });
      this.warnings.push(...warnings);
      return slos[0];
    } catch (error) {
      if (!(error instanceof SloError)) {
        throw error;
      }
      this.errors.push(...error.issues);
      this.warnings.push(...error.warnings);
      return undefined;
    }
  }

  result(slos: SloSpec[]): ImportResult {
    if (this.errors.length > 0) {
      throw new SloError(this.errors, this.warnings);
    }
    return { slos, warnings: this.warnings };
  }
}

/** "spec" + "window" → "spec.window"; a document prefix ends in ":" → "document 2: spec.window". */
export function join(at: string, field: string): string {
  if (!at || !field) {
    return at || field;
  }
  return at.endsWith(':') ? `${at} ${field}` : `${at}.${field}`;
}

/** String-valued mapping, or undefined with an error when it is anything else. */
export function stringMap(
  issues: Issues,
  slo: string | undefined,
  at: string,
  value: unknown
): Record<string, string> | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (!isMapping(value)) {
    issues.error(slo, at, 'expected a mapping of strings');
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      out[k] = String(v);
    } else {
      issues.error(slo, join(at, k), 'expected a string');
    }
  }
  return out;
}

/** "99.9" or 99.9 (percent) → 0.999, rounded so 99.9 does not become 0.9990000000000001. */
export function percentToRatio(percent: number): number {
  return Number((percent / 100).toPrecision(12));
}

// SLO files in any of the formats we read, told apart per YAML document by apiVersion / kind / version:
//   version: prometheus/v1                                   Sloth spec
//   apiVersion: sloth.slok.dev/v1, kind: PrometheusServiceLevel  Sloth custom resource
//   apiVersion: pyrra.dev/v1alpha1, kind: ServiceLevelObjective  Pyrra
//   slos: [...] (no apiVersion)                               ours, the same entries as the config file's `slos:`
// A file may hold several documents ("---"), of different formats.
import { parseAllDocuments } from 'yaml';
import { SloError, validateSlos, type SloIssue, type SloSpec } from '../spec.ts';
import { isMapping, join, type ImportResult } from './common.ts';
import { importPyrra } from './pyrra.ts';
import { importSlothKubernetes, importSlothSpec } from './sloth.ts';

export type { ImportResult } from './common.ts';
export { importPyrra } from './pyrra.ts';
export { importSlothKubernetes, importSlothSpec } from './sloth.ts';

export type SloFileFormat = 'prophet' | 'sloth' | 'sloth-kubernetes' | 'pyrra';

export interface ImportOptions {
  /** Period for Sloth specs, which do not carry one (Sloth's --default-slo-period); default "30d". */
  slothPeriod?: string;
}

export interface ImportedFile extends ImportResult {
  /** The format of each document that held SLOs, in order. */
  formats: SloFileFormat[];
}

/** Parses and validates an SLO file; throws SloError listing every problem (with the warnings found so far). */
export function importSloFile(path: string, text: string, options: ImportOptions = {}): ImportedFile {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  const errors: SloIssue[] = [];
  const warnings: SloIssue[] = [];
  const slos: SloSpec[] = [];
  const formats: SloFileFormat[] = [];
  const many = list.length > 1;
  list.forEach((doc, i) => {
    const at = many ? `document ${i + 1}:` : '';
    const syntax = doc.errors[0];
    if (syntax) {
      const pos = syntax.linePos?.[0];
      const where = pos ? `line ${pos.line}, column ${pos.col}` : 'unknown position';
      errors.push({
        source: path,
        field: at.replace(/:$/, ''),
        message: `YAML syntax error at ${where}: ${syntax.message.split('\n')[0]}`,
      });
      return;
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) {
      return;
    }
    try {
      const result = importDocument(value, path, at, options);
      if (result) {
        slos.push(...result.slos);
        warnings.push(...result.warnings);
        formats.push(result.format);
      }
    } catch (error) {
      if (!(error instanceof SloError)) {
        throw error;
      }
      errors.push(...error.issues);
      warnings.push(...error.warnings);
    }
  });
  if (errors.length === 0 && slos.length === 0) {
    errors.push({ source: path, field: '', message: 'no SLOs in this file' });
  }
  // One id per file, across documents too (each importer checks its own document).
  const seen = new Set<string>();
  for (const slo of slos) {
    const id = `${slo.service ?? slo.name}-${slo.name}`;
    if (seen.has(id)) {
      errors.push({
        source: path,
        slo: slo.name,
        field: '',
        message: `SLO "${slo.name}" of service "${slo.service ?? slo.name}" is defined twice`,
      });
    }
    seen.add(id);
  }
  if (errors.length > 0) {
    throw new SloError(errors, warnings);
  }
  return { slos, warnings, formats };
}

function importDocument(
  value: unknown,
  source: string,
  at: string,
  options: ImportOptions
): (ImportResult & { format: SloFileFormat }) | undefined {
  const fail = (message: string): never => {
    throw new SloError([{ source, field: at.replace(/:$/, ''), message }]);
  };
  if (!isMapping(value)) {
    return fail('expected a mapping at the top level');
  }
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : undefined;
  const kind = typeof value.kind === 'string' ? value.kind : undefined;
  if (apiVersion?.startsWith('pyrra.dev/')) {
    if (kind !== 'ServiceLevelObjective') {
      return fail(`Pyrra kind ${JSON.stringify(kind)} is not an SLO (expected ServiceLevelObjective)`);
    }
    return { ...importPyrra(value, { source, at }), format: 'pyrra' };
  }
  if (apiVersion?.startsWith('sloth.slok.dev/')) {
    if (kind !== 'PrometheusServiceLevel') {
      return fail(`Sloth kind ${JSON.stringify(kind)} is not supported (expected PrometheusServiceLevel)`);
    }
    return { ...importSlothKubernetes(value, { source, at, period: options.slothPeriod }), format: 'sloth-kubernetes' };
  }
  if (value.version === 'prometheus/v1') {
    return { ...importSlothSpec(value, { source, at, period: options.slothPeriod }), format: 'sloth' };
  }
  if (apiVersion?.startsWith('openslo/')) {
    return fail('OpenSLO files are not supported: convert them to Sloth prometheus/v1, Pyrra or our slos: format');
  }
  if (typeof value.version === 'string') {
    return fail(`Sloth spec version ${JSON.stringify(value.version)} is not supported (expected "prometheus/v1")`);
  }
  if (apiVersion === undefined && value.slos !== undefined) {
    // Ours: the config file's `slos:` section (other config sections are someone else's business).
    const { slos, warnings } = validateSlos(value.slos, {
      source,
      locate: (i, field) => join(at, `slos[${i}]${field ? `.${field}` : ''}`),
    });
    return { slos, warnings, format: 'prophet' };
  }
  return fail(
    'not an SLO document: expected a Sloth spec (version: prometheus/v1), a Sloth PrometheusServiceLevel, ' +
      'a Pyrra ServiceLevelObjective, or a list of SLOs under "slos:"'
  );
}

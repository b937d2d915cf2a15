// `prophet-aiops slo rules --config <file> | --input <file|dir>... | --defaults [--out <file>]`: Prometheus rules for SLOs
// from the config file's `slos:` (and the files its `sloFiles:` names) and/or from SLO files (ours, Sloth, Pyrra).
// Prints the rule file (or writes --out); warnings go to stderr; problems are reported all at once, exit code 1.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { importSloFile } from './import/index.ts';
import { isMapping } from './import/common.ts';
import { generateRules } from './rules.ts';
import { DEFAULT_SLOS } from '../config/default-slos.ts';
import { formatSloIssue, SloError, validateSlos, type SloIssue, type SloSpec } from './spec.ts';

export interface SloRulesCommandOptions {
  /** The SLOs the sidecar runs when its config names none (the demo SLOs), as if they were in a file. */
  defaults?: boolean;
  /** The sidecar config file: its `slos:` and `sloFiles:`. */
  config?: string;
  /** SLO files or directories of them (*.yaml, *.yml). */
  inputs?: string[];
  /** Write the rules here instead of stdout. */
  out?: string;
  /** Evaluation interval of the period groups; default 5m. */
  periodInterval?: string;
  /** Sloth's --default-slo-period for Sloth specs; default 30d. */
  slothPeriod?: string;
}

export async function runSloRulesCommand(
  options: SloRulesCommandOptions,
  stdout: (text: string) => void,
  stderr: (text: string) => void
): Promise<number> {
  const slos: SloSpec[] = [];
  const warnings: SloIssue[] = [];
  const errors: SloIssue[] = [];
  const sources: string[] = [];
  const origin = new Map<SloSpec, string>();
  const collect = (work: () => { slos: SloSpec[]; warnings: SloIssue[] }, source = '') => {
    try {
      const result = work();
      slos.push(...result.slos);
      result.slos.forEach((slo) => origin.set(slo, source));
      warnings.push(...result.warnings);
    } catch (error) {
      if (!(error instanceof SloError)) {
        throw error;
      }
      errors.push(...error.issues);
      warnings.push(...error.warnings);
    }
  };

  const files: string[] = [];
  if (options.defaults) {
    sources.push('defaults');
    collect(() => validateSlos(structuredClone(DEFAULT_SLOS), { source: 'defaults' }), 'defaults');
  }
  if (options.config) {
    const config = options.config;
    sources.push(config);
    const text = await readText(config, errors);
    if (text !== undefined) {
      const doc = parseDocument(text);
      const syntax = doc.errors[0];
      const value: unknown = syntax ? undefined : doc.toJS();
      if (syntax) {
        errors.push({ source: config, field: '', message: `YAML syntax error: ${syntax.message.split('\n')[0]}` });
      } else if (isMapping(value)) {
        if (value.slos !== undefined) {
          collect(() => validateSlos(value.slos, { source: config }), config);
        }
        const sloFiles = value.sloFiles ?? [];
        if (!Array.isArray(sloFiles) || sloFiles.some((f) => typeof f !== 'string')) {
          errors.push({ source: config, field: 'sloFiles', message: 'expected a list of file paths' });
        } else {
          files.push(...(sloFiles as string[]).map((f) => resolve(dirname(config), f)));
        }
      }
    }
  }
  for (const input of options.inputs ?? []) {
    files.push(...(await expand(input, errors)));
  }
  for (const file of files) {
    sources.push(file);
    const text = await readText(file, errors);
    if (text !== undefined) {
      collect(() => importSloFile(file, text, { slothPeriod: options.slothPeriod }), file);
    }
  }
  if (errors.length === 0 && slos.length === 0) {
    errors.push({ source: sources.join(', ') || '(no input)', field: '', message: 'no SLOs to generate rules for' });
  }
  let yaml = '';
  if (errors.length === 0) {
    collect(() => {
      const rules = generateRules(slos, {
        periodInterval: options.periodInterval,
        sources,
        sourceOf: (slo) => origin.get(slo) ?? 'rules',
      });
      yaml = rules.yaml;
      return { slos: [], warnings: rules.warnings };
    });
  }
  for (const w of warnings) {
    stderr(`${formatSloIssue(w, 'warning')}\n`);
  }
  if (errors.length > 0) {
    for (const e of errors) {
      stderr(`${formatSloIssue(e, 'error')}\n`);
    }
    return 1;
  }
  if (options.out) {
    await writeFile(options.out, yaml);
  } else {
    stdout(yaml);
  }
  return 0;
}

async function readText(file: string, errors: SloIssue[]): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    errors.push({ source: file, field: '', message: `cannot read file: ${(error as Error).message}` });
    return undefined;
  }
}

async function expand(input: string, errors: SloIssue[]): Promise<string[]> {
  try {
    if (!(await stat(input)).isDirectory()) {
      return [input];
    }
    const names = (await readdir(input)).filter((n) => ['.yaml', '.yml'].includes(extname(n))).sort();
    return names.map((n) => join(input, n));
  } catch (error) {
    errors.push({ source: input, field: '', message: `cannot read: ${(error as Error).message}` });
    return [];
  }
}

// SLO definitions, their import from Sloth and Pyrra, and Prometheus rule generation.
export * from './spec.ts';
export { alertWindows, promDuration, STANDARD_WINDOWS_MS, type AlertWindow } from './windows.ts';
export * from './rules.ts';
export {
  importSloFile,
  type ImportedFile,
  type ImportOptions,
  type SloFileFormat,
  type ImportResult,
} from './import/index.ts';
export { runSloRulesCommand, type SloRulesCommandOptions } from './rules-command.ts';

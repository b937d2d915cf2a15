import { formattedValueToString, getValueFormat } from '@grafana/data';

/** Formats a value with the forecast's Grafana unit id (e.g. "percent", "bytes"); "—" when there is none. */
export function formatValue(value: number | null | undefined, unit?: string): string {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return '—';
  }
  return formattedValueToString(getValueFormat(unit || 'none')(value, 2));
}

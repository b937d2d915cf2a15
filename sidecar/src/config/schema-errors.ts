// Turns TypeBox validation errors into one plain sentence per field:
// "forecasts.jobs[2].step: expected a duration like "5m", got "5 minutes"".
import { ValueErrorType, type ValueError } from '@sinclair/typebox/value';
import type { TSchema } from '@sinclair/typebox';

/** "/forecasts/jobs/2/step" → "forecasts.jobs[2].step". */
export function fieldPath(pointer: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.reduce((out, part) => (/^\d+$/.test(part) ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}

export function describeValue(value: unknown): string {
  if (value === null) {return 'null';}
  if (Array.isArray(value)) {return 'a list';}
  if (typeof value === 'object') {return 'a mapping';}
  return JSON.stringify(value);
}

export function schemaErrorMessage(error: ValueError): string {
  if (error.type === ValueErrorType.ObjectAdditionalProperties) {return 'unknown field';}
  if (error.type === ValueErrorType.ObjectRequiredProperty) {return 'is required';}
  return `expected ${expectation(error.schema)}, got ${describeValue(error.value)}`;
}

function expectation(schema: TSchema): string {
  if (typeof schema.errorMessage === 'string') {return schema.errorMessage;}
  if (Array.isArray(schema.anyOf) && schema.anyOf.every((s: TSchema) => 'const' in s)) {
    return `one of ${schema.anyOf.map((s: TSchema) => JSON.stringify(s.const)).join(', ')}`;
  }
  const range =
    schema.minimum !== undefined && schema.maximum !== undefined
      ? ` between ${schema.minimum} and ${schema.maximum}`
      : schema.minimum !== undefined
        ? ` of at least ${schema.minimum}`
        : '';
  switch (schema.type) {
    case 'integer':
      return `an integer${range}`;
    case 'number':
      return `a number${range}`;
    case 'string':
      return schema.minLength ? 'a non-empty string' : 'a string';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
      return 'a mapping';
    default:
      return 'a valid value';
  }
}

import { createDataFrame, DataFrame, FieldType } from '@grafana/data';

/** A field type for every key of T: the compiler then checks that a frame carries the whole record. */
export type FieldTypes<T> = { [K in keyof T]-?: FieldType };

/**
 * A frame with one row per record and one field per key, in `types` order. Nested values (labels, evidence lists)
 * travel as FieldType.other, so a scene reads the records back whole with frameRows<T>.
 */
export function recordsFrame<T extends object>(
  name: string,
  records: readonly T[],
  types: FieldTypes<T>,
  refId?: string
): DataFrame {
  const keys = Object.keys(types) as Array<keyof T & string>;
  return createDataFrame({
    refId,
    name,
    fields: keys.map((key) => ({ name: key, type: types[key], values: records.map((r) => r[key] ?? null) })),
  });
}

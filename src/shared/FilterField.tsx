import React from 'react';
import { css } from '@emotion/css';
import { Combobox, ComboboxOption, Field } from '@grafana/ui';

/** Value of the "any" option: an unset filter. */
export const ANY = '';

interface FilterFieldProps {
  label: string;
  id: string;
  /** The "any" option's text, e.g. "All namespaces". */
  anyLabel: string;
  /** The choices after the "any" one: a plain value is its own label. */
  values: Array<string | ComboboxOption<string>>;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  width?: number;
}

/** A labelled single-choice filter whose first option clears it. */
export function FilterField({ label, id, anyLabel, values, value, onChange, width = 26 }: FilterFieldProps) {
  const options: Array<ComboboxOption<string>> = [
    { label: anyLabel, value: ANY },
    ...values.map((v) => (typeof v === 'string' ? { label: v, value: v } : v)),
  ];
  return (
    <Field label={label} className={noMargin}>
      <Combobox
        id={id}
        options={options}
        value={value ?? ANY}
        onChange={(option) => onChange(option?.value || undefined)}
        width={width}
      />
    </Field>
  );
}

const noMargin = css`
  margin-bottom: 0;
`;

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
  values: string[];
  value: string | undefined;
  onChange: (value: string | undefined) => void;
}

/** A labelled single-choice filter whose first option clears it. */
export function FilterField({ label, id, anyLabel, values, value, onChange }: FilterFieldProps) {
  const options: Array<ComboboxOption<string>> = [
    { label: anyLabel, value: ANY },
    ...values.map((v) => ({ label: v, value: v })),
  ];
  return (
    <Field label={label} className={noMargin}>
      <Combobox
        id={id}
        options={options}
        value={value ?? ANY}
        onChange={(option) => onChange(option?.value || undefined)}
        width={26}
      />
    </Field>
  );
}

const noMargin = css`
  margin-bottom: 0;
`;

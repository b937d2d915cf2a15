import React, { useId, useState } from 'react';
import { css } from '@emotion/css';
import { Field, Input } from '@grafana/ui';

interface TextFilterProps {
  label: string;
  placeholder: string;
  value: string | undefined;
  /** Called with the trimmed text (undefined when empty) on Enter or when the field loses focus. */
  onChange: (value: string | undefined) => void;
}

/** A free-text filter applied when the person is done typing (Enter or leaving the field), not at every key. */
export function TextFilter({ label, placeholder, value, onChange }: TextFilterProps) {
  const id = useId();
  const [draft, setDraft] = useState(value ?? '');
  // A value changed from outside (the URL, another filter's reset) replaces the draft.
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setDraft(value ?? '');
  }
  const apply = () => {
    const next = draft.trim() || undefined;
    if (next !== value) {
      onChange(next);
    }
  };
  return (
    <Field label={label} className={noMargin}>
      <Input
        id={id}
        width={26}
        value={draft}
        placeholder={placeholder}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onBlur={apply}
        onKeyDown={(e) => e.key === 'Enter' && apply()}
      />
    </Field>
  );
}

const noMargin = css`
  margin-bottom: 0;
`;

import React from 'react';
import { Text } from '@grafana/ui';

type TextColor = React.ComponentProps<typeof Text>['color'];

interface StatProps {
  label: string;
  value: string;
  detail?: string;
  /** Colours the value (e.g. "error" for a spent budget). */
  color?: TextColor;
  /** Shown on hover over the value, e.g. the wall-clock time behind "in 2d 4h". */
  title?: string;
  /** Drawn between the value and the detail, e.g. a gauge bar. */
  children?: React.ReactNode;
}

/** A labelled figure in a drilldown headline, with an optional line of context under it. */
export function Stat({ label, value, detail, color, title, children }: StatProps) {
  return (
    <div>
      <Text color="secondary" variant="bodySmall">
        {label}
      </Text>
      <div title={title}>
        <Text variant="h4" color={color}>
          {value}
        </Text>
      </div>
      {children}
      {detail && (
        <Text color="secondary" variant="bodySmall">
          {detail}
        </Text>
      )}
    </div>
  );
}

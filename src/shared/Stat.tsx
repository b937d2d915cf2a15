import React from 'react';
import { Text } from '@grafana/ui';

/** A labelled figure in a drilldown headline, with an optional line of context under it. */
export function Stat({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div>
      <Text color="secondary" variant="bodySmall">
        {label}
      </Text>
      <div>
        <Text variant="h4">{value}</Text>
      </div>
      {detail && (
        <Text color="secondary" variant="bodySmall">
          {detail}
        </Text>
      )}
    </div>
  );
}

import React from 'react';
import { PanelData } from '@grafana/data';
import { LoadingPlaceholder } from '@grafana/ui';
import { SidecarErrorAlert } from './SidecarErrorAlert';
import { dataError, isFirstLoad } from './sceneData';

/** What a data scene shows instead of its content: a placeholder until the first answer, or the sidecar's error. */
export function loadingOrError(data: PanelData | undefined, loadingText: string): React.ReactElement | null {
  if (isFirstLoad(data)) {
    return <LoadingPlaceholder text={loadingText} />;
  }
  const error = dataError(data);
  return error ? <SidecarErrorAlert message={error} /> : null;
}

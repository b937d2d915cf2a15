import { sceneGraph, SceneObject } from '@grafana/scenes';
import type { SloDetailRow } from '../../datasource/sloFrames';
import { frameRows } from '../../shared/sceneData';

/**
 * The rows of one of the tables under an SLO's headline, with the SLO they belong to; null until both have
 * arrived, since loading and errors are shown once, by the headline above.
 */
export function useSloTableRows<T extends object>(
  model: SceneObject,
  refId: string
): { rows: T[]; slo: SloDetailRow } | null {
  const { data } = sceneGraph.getData(model).useState();
  const rows = frameRows<T>(data, refId);
  const [slo] = frameRows<SloDetailRow>(data, 'sloSummary');
  return rows.length && slo ? { rows, slo } : null;
}

import { EmbeddedScene, SceneFlexItem, SceneFlexLayout, SceneQueryRunner, SceneRefreshPicker } from '@grafana/scenes';
import { INCIDENT_FRAME_TYPES } from '../../datasource/incidentFrames';
import { SIDECAR_DATASOURCE_REF, sidecarQuery } from '../../datasource/SidecarDataSource';
import { IncidentEvidenceScene } from './IncidentEvidenceScene';
import { IncidentExplanationScene } from './IncidentExplanationScene';
import { IncidentSuggestionsScene } from './IncidentSuggestionsScene';
import { IncidentSummaryScene } from './IncidentSummaryScene';
import { IncidentTimelineScene } from './IncidentTimelineScene';

/**
 * One incident, in the order an on-call engineer asks: what broke (headline); why (explanation) beside what to do
 * (suggestions) and how it unfolded (timeline); then everything it rests on (evidence). Every part reads one fetch
 * of the incident; when it fails only the headline speaks, the others draw nothing.
 */
export function buildIncidentDrilldownScene(incidentId: string): EmbeddedScene {
  return new EmbeddedScene({
    $data: new SceneQueryRunner({
      datasource: SIDECAR_DATASOURCE_REF,
      queries: INCIDENT_FRAME_TYPES.map((queryType) => sidecarQuery({ queryType, incidentId })),
    }),
    controls: [new SceneRefreshPicker({})],
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        new SceneFlexItem({ body: new IncidentSummaryScene({ incidentId }) }),
        new SceneFlexItem({
          // Side by side on wide screens (Scenes stacks rows below the md breakpoint).
          body: new SceneFlexLayout({
            direction: 'row',
            children: [
              new SceneFlexItem({ width: '50%', body: new IncidentExplanationScene({}) }),
              new SceneFlexItem({
                body: new SceneFlexLayout({
                  direction: 'column',
                  children: [
                    new SceneFlexItem({ body: new IncidentSuggestionsScene({ incidentId }) }),
                    new SceneFlexItem({ body: new IncidentTimelineScene({}) }),
                  ],
                }),
              }),
            ],
          }),
        }),
        new SceneFlexItem({ body: new IncidentEvidenceScene({}) }),
      ],
    }),
  });
}

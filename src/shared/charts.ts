import { FieldConfigOverridesBuilder, SceneDataTransformer } from '@grafana/scenes';
import type { GraphFieldConfig } from '@grafana/schema';

/** A panel's data: only the frames of the given refIds (a regex alternation such as `a|b`) from the shared runner. */
export const onlyFrames = (refIds: string) =>
  new SceneDataTransformer({ transformations: [{ id: 'filterByRefId', options: { include: refIds } }] });

/** The uncertainty band of a time series: `upper` filled down to `lower` (fillBelowTo) in purple, edges not drawn. */
export function bandOverrides(b: FieldConfigOverridesBuilder<GraphFieldConfig>): void {
  b.matchFieldsWithName('upper')
    .overrideColor({ mode: 'fixed', fixedColor: 'purple' })
    .overrideCustomFieldConfig('lineWidth', 0)
    .overrideCustomFieldConfig('fillOpacity', 20)
    .overrideCustomFieldConfig('fillBelowTo', 'lower')
    .matchFieldsWithName('lower')
    .overrideColor({ mode: 'fixed', fixedColor: 'purple' })
    .overrideCustomFieldConfig('lineWidth', 0);
}

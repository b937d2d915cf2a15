import { PanelBuilders, VizPanel } from '@grafana/scenes';
import { GraphDrawStyle, LineInterpolation, VisibilityMode } from '@grafana/schema';
import { bandOverrides, onlyFrames } from '../../shared/charts';

/**
 * The value against its learned band: the band filled between lower and upper (fillBelowTo), the expected value
 * dashed, and the flagged points as red marks (the `anomaly` field holds the value only where a point was flagged).
 */
export function buildAnomalyBandChart(): VizPanel {
  return (
    PanelBuilders.timeseries()
      .setTitle('Value and band')
      .setData(onlyFrames('anomalySeries'))
      .setCustomFieldConfig('drawStyle', GraphDrawStyle.Line)
      .setCustomFieldConfig('lineInterpolation', LineInterpolation.Linear)
      .setCustomFieldConfig('spanNulls', false)
      // Points only for the flagged ones (the override below), so the marks stand out from the lines.
      .setCustomFieldConfig('showPoints', VisibilityMode.Never)
      .setOverrides((b) => {
        b.matchFieldsWithName('value')
          .overrideColor({ mode: 'fixed', fixedColor: 'blue' })
          .overrideCustomFieldConfig('lineWidth', 2)
          .matchFieldsWithName('expected')
          .overrideColor({ mode: 'fixed', fixedColor: 'purple' })
          .overrideCustomFieldConfig('lineStyle', { fill: 'dash', dash: [6, 4] });
        bandOverrides(b);
        b.matchFieldsWithName('anomaly')
          .overrideColor({ mode: 'fixed', fixedColor: 'red' })
          .overrideCustomFieldConfig('drawStyle', GraphDrawStyle.Points)
          .overrideCustomFieldConfig('showPoints', VisibilityMode.Always)
          .overrideCustomFieldConfig('pointSize', 9);
      })
      .build()
  );
}

/** The anomaly score on a fixed 0–1 axis with the job's flagging threshold as a dashed red line. */
export function buildAnomalyScoreChart(): VizPanel {
  return PanelBuilders.timeseries()
    .setTitle('Anomaly score')
    .setData(onlyFrames('anomalyScore'))
    .setMin(0)
    .setMax(1)
    .setDecimals(2)
    .setCustomFieldConfig('lineInterpolation', LineInterpolation.StepAfter)
    .setCustomFieldConfig('fillOpacity', 15)
    .setCustomFieldConfig('showPoints', VisibilityMode.Never)
    .setOverrides((b) =>
      b
        .matchFieldsWithName('score')
        .overrideColor({ mode: 'fixed', fixedColor: 'orange' })
        .matchFieldsWithName('threshold')
        .overrideColor({ mode: 'fixed', fixedColor: 'red' })
        .overrideCustomFieldConfig('fillOpacity', 0)
        .overrideCustomFieldConfig('lineStyle', { fill: 'dash', dash: [10, 10] })
    )
    .build();
}

import { PanelBuilders, VizPanel } from '@grafana/scenes';
import { GraphDrawStyle, LineInterpolation } from '@grafana/schema';
import { bandOverrides, onlyFrames } from '../../shared/charts';

/**
 * Actual vs forecast with the uncertainty band filled between lower and upper (fillBelowTo) and the threshold
 * as a dashed red line, so the crossing is where the lines meet.
 */
export function buildForecastChart(): VizPanel {
  return PanelBuilders.timeseries()
    .setTitle('Actual and forecast')
    .setData(
      // Only the series frame: the shared runner also carries the summary and backtest tables.
      onlyFrames('forecastSeries')
    )
    .setCustomFieldConfig('drawStyle', GraphDrawStyle.Line)
    .setCustomFieldConfig('lineInterpolation', LineInterpolation.Smooth)
    .setCustomFieldConfig('spanNulls', false)
    .setOverrides((b) => {
      b.matchFieldsWithName('actual')
        .overrideColor({ mode: 'fixed', fixedColor: 'blue' })
        .overrideCustomFieldConfig('lineWidth', 2)
        .matchFieldsWithName('yhat')
        .overrideColor({ mode: 'fixed', fixedColor: 'purple' })
        .overrideCustomFieldConfig('lineStyle', { fill: 'dash', dash: [6, 4] });
      bandOverrides(b);
      b.matchFieldsWithName('threshold')
        .overrideColor({ mode: 'fixed', fixedColor: 'red' })
        .overrideCustomFieldConfig('lineStyle', { fill: 'dash', dash: [10, 10] });
    })
    .build();
}

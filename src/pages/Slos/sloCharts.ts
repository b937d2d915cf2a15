import { ThresholdsMode } from '@grafana/data';
import { PanelBuilders, VizPanel } from '@grafana/scenes';
import {
  GraphDrawStyle,
  GraphThresholdsStyleMode,
  LineInterpolation,
  SortOrder,
  TooltipDisplayMode,
  VisibilityMode,
} from '@grafana/schema';
import { bandOverrides, onlyFrames } from '../../shared/charts';

/** A red dashed line at `value`: where the budget is gone, or the error ratio that spends it exactly. */
const redLineAt = (value: number) => ({
  mode: ThresholdsMode.Absolute,
  steps: [
    { value: -Infinity, color: 'transparent' },
    { value, color: 'red' },
  ],
});

/**
 * Budget remaining over the window so far, then the forecast: the expected path dashed inside its cone (filled
 * between the pessimistic `lower` and optimistic `upper` edges), the zero line where the budget is gone, and the
 * exhaustion mark on it: a point at the central forecast's exhaustion over a bar from the earliest to the latest.
 * The axis always shows 0 (soft minimum: an overspent budget goes below) to 100%, the most a budget can be, so a
 * healthy budget is not drawn as a dive.
 */
export function buildSloBudgetChart(): VizPanel {
  return PanelBuilders.timeseries()
    .setTitle('Error budget burn-down')
    .setDescription(
      'Error budget remaining over the SLO window, then the forecast of request and error counts rolled forward. ' +
        'The shaded cone runs from the pessimistic to the optimistic forecast; the red mark on the zero line is ' +
        'when the budget runs out. The forecast lags a day or two after a burn starts: treat its dates as indicative.'
    )
    .setData(onlyFrames('sloBudget|sloExhaustion'))
    .setUnit('percentunit')
    .setDecimals(0)
    .setThresholds(redLineAt(0))
    .setCustomFieldConfig('thresholdsStyle', { mode: GraphThresholdsStyleMode.Dashed })
    .setMax(1)
    .setCustomFieldConfig('axisSoftMin', 0)
    .setCustomFieldConfig('lineInterpolation', LineInterpolation.Linear)
    .setCustomFieldConfig('showPoints', VisibilityMode.Never)
    .setCustomFieldConfig('spanNulls', false)
    .setOption('tooltip', { mode: TooltipDisplayMode.Multi, sort: SortOrder.None })
    .setOverrides((b) => {
      b.matchFieldsWithName('actual')
        .overrideColor({ mode: 'fixed', fixedColor: 'green' })
        .overrideCustomFieldConfig('lineWidth', 2)
        .overrideCustomFieldConfig('fillOpacity', 10)
        .matchFieldsWithName('forecast')
        .overrideColor({ mode: 'fixed', fixedColor: 'purple' })
        .overrideCustomFieldConfig('lineWidth', 2)
        .overrideCustomFieldConfig('lineStyle', { fill: 'dash', dash: [6, 4] });
      bandOverrides(b);
      b.matchFieldsWithName('exhaustion range')
        .overrideColor({ mode: 'fixed', fixedColor: 'red' })
        .overrideCustomFieldConfig('lineWidth', 6)
        .matchFieldsWithName('exhaustion')
        .overrideColor({ mode: 'fixed', fixedColor: 'red' })
        .overrideCustomFieldConfig('drawStyle', GraphDrawStyle.Points)
        .overrideCustomFieldConfig('showPoints', VisibilityMode.Always)
        .overrideCustomFieldConfig('pointSize', 14);
    })
    .build();
}

/** The error ratio per step against the error budget (1 − objective): above the line the budget shrinks. */
export function buildSloErrorRatioChart(): VizPanel {
  return PanelBuilders.timeseries()
    .setTitle('Error ratio')
    .setDescription('Share of bad events per step. At the error budget line the budget lasts exactly the window.')
    .setData(onlyFrames('sloErrorRatio'))
    .setUnit('percentunit')
    .setMin(0)
    .setCustomFieldConfig('lineInterpolation', LineInterpolation.Linear)
    .setCustomFieldConfig('showPoints', VisibilityMode.Never)
    .setOption('tooltip', { mode: TooltipDisplayMode.Multi, sort: SortOrder.None })
    .setOverrides((b) =>
      b
        .matchFieldsWithName('error ratio')
        .overrideColor({ mode: 'fixed', fixedColor: 'orange' })
        .overrideCustomFieldConfig('fillOpacity', 15)
        .matchFieldsWithName('error budget')
        .overrideColor({ mode: 'fixed', fixedColor: 'red' })
        .overrideCustomFieldConfig('lineStyle', { fill: 'dash', dash: [10, 10] })
    )
    .build();
}

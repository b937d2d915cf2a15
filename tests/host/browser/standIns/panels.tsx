// Stand-ins for Grafana core's timeseries, stat and table panels (not on npm), built from the @grafana/ui
// components core's own panels use. They take the same options and custom field config names, so the plugin's
// PanelBuilders code runs unchanged; they are not pixel copies of core's panels.
import React from 'react';
import {
  FieldType,
  getDisplayProcessor,
  identityOverrideProcessor,
  PanelPlugin,
  type PanelProps,
  reduceField,
  ReducerID,
} from '@grafana/data';
import { BigValue, BigValueColorMode, BigValueGraphMode, Table, TimeSeries, useTheme2 } from '@grafana/ui';

const NoEditor = () => null;

// Custom field config of core's timeseries panel that @grafana/ui's TimeSeries reads, with core's defaults.
const graphFieldDefaults: Record<string, unknown> = {
  drawStyle: 'line',
  lineInterpolation: 'linear',
  lineWidth: 1,
  fillOpacity: 0,
  gradientMode: 'none',
  showPoints: 'auto',
  pointSize: 4,
  spanNulls: false,
  axisPlacement: 'auto',
  axisLabel: '',
  barAlignment: 0,
  lineStyle: { fill: 'solid' },
  fillBelowTo: undefined,
  stacking: { mode: 'none', group: 'A' },
  hideFrom: { legend: false, tooltip: false, viz: false },
  scaleDistribution: { type: 'linear' },
  thresholdsStyle: { mode: 'off' },
  insertNulls: false,
  showValues: false,
};

function NoData({ width, height }: { width: number; height: number }) {
  return <div style={{ width, height, display: 'grid', placeItems: 'center' }}>No data</div>;
}

function TimeSeriesStandIn({ data, width, height, timeRange, timeZone }: PanelProps) {
  const frames = data.series.filter((frame) => frame.fields.some((field) => field.type === FieldType.time));
  if (frames.length === 0) {
    return <NoData width={width} height={height} />;
  }
  return (
    <TimeSeries
      frames={frames}
      width={width}
      height={height}
      timeRange={timeRange}
      timeZone={timeZone}
      legend={{ showLegend: true, displayMode: 'list' as never, placement: 'bottom', calcs: [] }}
    />
  );
}

function StatStandIn({ data, width, height }: PanelProps) {
  const theme = useTheme2();
  const fields = data.series.flatMap((frame) => frame.fields.filter((field) => field.type === FieldType.number));
  if (fields.length === 0) {
    return <NoData width={width} height={height} />;
  }
  const each = Math.floor(width / fields.length);
  return (
    <div style={{ display: 'flex' }}>
      {fields.map((field, index) => {
        const last = reduceField({ field, reducers: [ReducerID.lastNotNull] })[ReducerID.lastNotNull];
        const display = (field.display ?? getDisplayProcessor({ field, theme }))(last);
        return (
          <BigValue
            key={index}
            theme={theme}
            width={each}
            height={height}
            value={{ ...display, title: field.state?.displayName ?? field.name }}
            colorMode={BigValueColorMode.Value}
            graphMode={BigValueGraphMode.None}
          />
        );
      })}
    </div>
  );
}

function TableStandIn({ data, width, height }: PanelProps) {
  const frame = data.series[0];
  if (!frame) {
    return <NoData width={width} height={height} />;
  }
  return <Table data={frame} width={width} height={height} />;
}

function timeSeriesPlugin() {
  return new PanelPlugin(TimeSeriesStandIn).useFieldConfig({
    useCustomConfig: (builder) => {
      for (const [path, defaultValue] of Object.entries(graphFieldDefaults)) {
        builder.addCustomEditor({
          id: path,
          path,
          name: path,
          editor: NoEditor,
          override: NoEditor,
          process: identityOverrideProcessor,
          defaultValue,
          shouldApply: () => true,
        });
      }
    },
  });
}

const panelFactories: Record<string, () => PanelPlugin> = {
  timeseries: timeSeriesPlugin,
  stat: () => new PanelPlugin(StatStandIn).useFieldConfig(),
  table: () => new PanelPlugin(TableStandIn).useFieldConfig(),
};

const loaded = new Map<string, PanelPlugin>();

/** What @grafana/runtime's setPluginImportUtils expects: scenes' VizPanel loads its panel through it. */
export const standInPluginImportUtils = {
  async importPanelPlugin(id: string): Promise<PanelPlugin> {
    const cached = loaded.get(id);
    if (cached) {
      return cached;
    }
    const factory = panelFactories[id];
    if (!factory) {
      throw new Error(`Panel plugin "${id}" has no stand-in in the test host`);
    }
    const plugin = factory();
    plugin.meta = { id, name: `${id} (stand-in)`, type: 'panel', module: '', baseUrl: '', info: {} } as never;
    loaded.set(id, plugin);
    return plugin;
  },
  getPanelPluginFromCache(id: string): PanelPlugin | undefined {
    return loaded.get(id);
  },
};

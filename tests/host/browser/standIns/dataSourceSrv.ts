// Stand-in for Grafana core's DataSourceSrv (not on npm): the provisioned data sources from boot data, for
// pickers, plus the runtime data sources an app registers (scenes looks those up by uid).
import type { DataSourceApi, DataSourceInstanceSettings, DataSourceRef } from '@grafana/data';
import type { DataSourceSrv, GetDataSourceListFilters, RuntimeDataSourceRegistration } from '@grafana/runtime';

export class StandInDataSourceSrv implements DataSourceSrv {
  private readonly runtime = new Map<string, DataSourceApi>();

  constructor(private readonly provisioned: DataSourceInstanceSettings[]) {}

  async get(ref?: DataSourceRef | string | null): Promise<DataSourceApi> {
    const key = typeof ref === 'string' ? ref : ref?.uid;
    const found = key === undefined ? undefined : this.runtime.get(key);
    if (found) {
      return found;
    }
    // Provisioned data sources have no plugin code in the host: nothing on our pages queries them directly.
    throw new Error(`Data source ${key ?? '(default)'} is not available in the test host`);
  }

  getList(filters: GetDataSourceListFilters = {}): DataSourceInstanceSettings[] {
    return this.provisioned.filter((ds) => {
      if (filters.metrics && !ds.meta.metrics) {
        return false;
      }
      if (filters.pluginId && ds.meta.id !== filters.pluginId) {
        return false;
      }
      if (filters.type && ![filters.type].flat().includes(ds.type)) {
        return false;
      }
      return true;
    });
  }

  getInstanceSettings(ref?: DataSourceRef | string | null): DataSourceInstanceSettings | undefined {
    const key = typeof ref === 'string' ? ref : ref?.uid;
    const runtime = key === undefined ? undefined : this.runtime.get(key);
    if (runtime) {
      // DataSourceApi keeps its settings in a field its public type does not declare.
      return (runtime as unknown as { instanceSettings: DataSourceInstanceSettings }).instanceSettings;
    }
    return this.provisioned.find((ds) => ds.uid === key || ds.name === key) ?? (key ? undefined : this.provisioned[0]);
  }

  reload(): void {}

  registerRuntimeDataSource({ dataSource }: RuntimeDataSourceRegistration): void {
    if (this.runtime.has(dataSource.uid)) {
      throw new Error(`A runtime data source with uid ${dataSource.uid} has already been registered`);
    }
    this.runtime.set(dataSource.uid, dataSource);
  }
}

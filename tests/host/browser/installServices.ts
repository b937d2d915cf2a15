// What Grafana core sets up at boot before any plugin code runs, done here with stand-ins where core's code is
// not on npm. Order matters: PluginPage must be set before the plugin reads @grafana/runtime.
import { EventBusSrv, type DataSourceInstanceSettings } from '@grafana/data';
import {
  config,
  setAppEvents,
  setBackendSrv,
  setDataSourceSrv,
  setEchoSrv,
  setPluginImportUtils,
  setRunRequest,
  FakeEchoSrv,
} from '@grafana/runtime';
// Not in @grafana/runtime's public exports (core calls it at boot): the bundler maps this name to the module
// file itself (buildHostBundle.ts), so it is the same PluginPage binding the plugin reads.
import { setPluginPage } from 'grafana-runtime-internal/plugin-page';
import { StandInBackendSrv } from './standIns/backendSrv';
import { fillCoreRegistries } from './standIns/coreRegistries';
import { StandInDataSourceSrv } from './standIns/dataSourceSrv';
import { standInPluginImportUtils } from './standIns/panels';
import { PluginPageStandIn } from './standIns/PluginPage';
import { standInRunRequest } from './standIns/runRequest';

export function installGrafanaServices(): void {
  fillCoreRegistries();
  setPluginPage(PluginPageStandIn);
  setBackendSrv(new StandInBackendSrv());
  setDataSourceSrv(new StandInDataSourceSrv(Object.values(config.datasources) as DataSourceInstanceSettings[]));
  setRunRequest(standInRunRequest);
  setPluginImportUtils(standInPluginImportUtils as never);
  setAppEvents(new EventBusSrv());
  setEchoSrv(new FakeEchoSrv());
}

import React from 'react';
import { AppRootProps } from '@grafana/data';
import { SceneApp, useSceneApp } from '@grafana/scenes';
import { registerSidecarDataSource } from '../../datasource/SidecarDataSource';
import { buildAnomaliesPage } from '../../pages/Anomalies/anomaliesPage';
import { buildFindingsPage } from '../../pages/Findings/findingsPage';
import { buildForecastsPage } from '../../pages/Forecasts/forecastsPage';
import { buildOverviewPage } from '../../pages/Overview/overviewPage';
import { buildRemediationsPage } from '../../pages/Remediations/remediationsPage';
import { buildSlosPage } from '../../pages/Slos/slosPage';
import { PluginPropsContext } from '../../utils/utils.plugin';

function getSceneApp() {
  // Registered here rather than at module load so it happens once the app is actually opened.
  registerSidecarDataSource();
  return new SceneApp({
    pages: [
      buildOverviewPage(),
      buildFindingsPage(),
      buildRemediationsPage(),
      buildForecastsPage(),
      buildAnomaliesPage(),
      buildSlosPage(),
    ],
    urlSyncOptions: { updateUrlOnInit: true, createBrowserHistorySteps: true },
  });
}

function AppWithScenes() {
  const scene = useSceneApp(getSceneApp);
  return <scene.Component model={scene} />;
}

function App(props: AppRootProps) {
  return (
    <PluginPropsContext.Provider value={props}>
      <AppWithScenes />
    </PluginPropsContext.Provider>
  );
}

export default App;

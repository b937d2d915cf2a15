// Grafana renders plugin pages inside a react-router Router driven by @grafana/runtime's locationService
// history; this is that router. `locationService.reload()` (used after saving settings) remounts the page.
import React, { useLayoutEffect, useState } from 'react';
import { Router } from 'react-router';
import { LocationServiceProvider, locationService } from '@grafana/runtime';

type Location = ReturnType<typeof locationService.getLocation>;

export function HostRouter({ children }: { children: (reloadCount: number) => React.ReactNode }) {
  const history = locationService.getHistory();
  const [state, setState] = useState({ location: history.location as Location, reloads: 0 });
  useLayoutEffect(
    () =>
      // history v4 passes (location, action); v5 passes { location, action }.
      history.listen((update: unknown) => {
        const location = ((update as { location?: Location }).location ?? update) as Location;
        const reload = Boolean((location.state as { forceRouteReload?: boolean } | undefined)?.forceRouteReload);
        setState((previous) => ({ location, reloads: previous.reloads + (reload ? 1 : 0) }));
      }),
    [history]
  );
  return (
    <Router location={state.location} navigator={history as never}>
      <LocationServiceProvider service={locationService}>{children(state.reloads)}</LocationServiceProvider>
    </Router>
  );
}

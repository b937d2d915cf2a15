// The one @grafana/runtime internal the host calls (see installServices.ts); aliased in buildHostBundle.ts.
declare module 'grafana-runtime-internal/plugin-page' {
  import type { PluginPageType } from '@grafana/runtime';
  export function setPluginPage(component: PluginPageType): void;
}

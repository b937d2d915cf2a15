import { DataTransformerInfo, standardTransformers, standardTransformersRegistry } from '@grafana/data';

/**
 * Grafana registers its transformations (filterByRefId, …) at startup; Jest has no Grafana, so scenes whose panels
 * filter a shared runner's frames by refId need them registered here. Safe to call more than once.
 */
export function installTransformersForTests() {
  // standardTransformers lists some transformers twice (under an alias name); the registry wants each id once.
  const byId = new Map<string, DataTransformerInfo>(Object.values(standardTransformers).map((t) => [t.id, t]));
  standardTransformersRegistry.setInit(() =>
    [...byId.values()].map((t) => ({
      id: t.id,
      aliasIds: t.aliasIds,
      name: t.name,
      description: t.description,
      transformation: t,
      editor: () => null,
      imageDark: '',
      imageLight: '',
    }))
  );
}

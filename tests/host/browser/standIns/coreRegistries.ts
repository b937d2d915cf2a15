// Grafana core fills these @grafana/data registries at boot from code that is not on npm. The host fills them
// with the standard transformations (which @grafana/data does ship) and stand-in standard field options — the
// same ids and processors as core's, with no editor UI — so panel overrides (color, unit, min/max …) apply.
import {
  dataLinksOverrideProcessor,
  displayNameOverrideProcessor,
  FieldColorModeId,
  type FieldConfigPropertyItem,
  identityOverrideProcessor,
  numberOverrideProcessor,
  standardFieldConfigEditorRegistry,
  standardTransformers,
  standardTransformersRegistry,
  stringOverrideProcessor,
  thresholdsOverrideProcessor,
  ThresholdsMode,
  type TransformerRegistryItem,
  unitOverrideProcessor,
  valueMappingsOverrideProcessor,
} from '@grafana/data';

const NoEditor = () => null;

function standardOption(
  id: string,
  process: FieldConfigPropertyItem['process'],
  defaultValue?: unknown
): FieldConfigPropertyItem {
  return {
    id,
    path: id,
    name: id,
    editor: NoEditor,
    override: NoEditor,
    process,
    defaultValue,
    shouldApply: () => true,
  };
}

const standardFieldOptions: FieldConfigPropertyItem[] = [
  standardOption('displayName', displayNameOverrideProcessor),
  standardOption('unit', unitOverrideProcessor),
  standardOption('min', numberOverrideProcessor),
  standardOption('max', numberOverrideProcessor),
  standardOption('decimals', numberOverrideProcessor),
  standardOption('noValue', stringOverrideProcessor),
  standardOption('links', dataLinksOverrideProcessor),
  standardOption('mappings', valueMappingsOverrideProcessor),
  standardOption('thresholds', thresholdsOverrideProcessor, {
    mode: ThresholdsMode.Absolute,
    steps: [{ value: -Infinity, color: 'green' }],
  }),
  standardOption('color', identityOverrideProcessor, { mode: FieldColorModeId.PaletteClassic }),
];

export function fillCoreRegistries(): void {
  standardFieldConfigEditorRegistry.setInit(() => standardFieldOptions);
  // Some transformers are exported under two names (e.g. seriesToColumns and joinByField): register each id once.
  const transformers = [...new Map(Object.values(standardTransformers).map((t) => [t.id, t])).values()];
  standardTransformersRegistry.setInit(() =>
    transformers.map((transformation): TransformerRegistryItem => ({
      id: transformation.id,
      aliasIds: transformation.aliasIds,
      name: transformation.name,
      description: transformation.description,
      transformation,
      editor: NoEditor,
      imageDark: '',
      imageLight: '',
    }))
  );
}

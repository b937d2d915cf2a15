import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState, SceneQueryRunner } from '@grafana/scenes';
import { ClipboardButton, ControlledCollapse, Stack, Text, TextLink, useStyles2 } from '@grafana/ui';
import { SIDECAR_PROXY_URL } from '../../api/sidecarClient';
import { SIDECAR_DATASOURCE_REF, sidecarQuery } from '../../datasource/SidecarDataSource';
import { loadingOrError } from '../../shared/loadingOrError';
import { frameRows } from '../../shared/sceneData';

interface SloRulesState extends SceneObjectState {
  sloId: string;
  isOpen: boolean;
}

interface RulesRow {
  yaml: string;
  onlyThisSlo: boolean;
  groups: number;
}

/**
 * This SLO's generated Prometheus rules (Sloth-compatible recording rules and the burn-rate alerts), to copy into
 * Prometheus. Collapsed at first, and fetched only when opened: most visits never need them.
 */
export class SloRulesScene extends SceneObjectBase<SloRulesState> {
  constructor(state: { sloId: string }) {
    super({
      isOpen: false,
      $data: new SceneQueryRunner({
        datasource: SIDECAR_DATASOURCE_REF,
        queries: [sidecarQuery({ queryType: 'sloRules', sloId: state.sloId })],
        runQueriesMode: 'manual',
      }),
      ...state,
    });
  }

  toggle = (isOpen: boolean) => {
    const runner = this.state.$data;
    if (isOpen && runner instanceof SceneQueryRunner && !runner.state.data) {
      runner.runQueries();
    }
    this.setState({ isOpen });
  };

  static Component = SloRulesRenderer;
}

function SloRulesRenderer({ model }: SceneComponentProps<SloRulesScene>) {
  const { isOpen } = model.useState();
  return (
    <ControlledCollapse label="Prometheus rules" isOpen={isOpen} onToggle={model.toggle}>
      {isOpen && <RulesBody model={model} />}
    </ControlledCollapse>
  );
}

function RulesBody({ model }: { model: SloRulesScene }) {
  const styles = useStyles2(getStyles);
  const { data } = sceneGraph.getData(model).useState();
  const pending = loadingOrError(data, 'Loading rules…');
  if (pending) {
    return pending;
  }
  const [rules] = frameRows<RulesRow>(data, 'sloRules');
  if (!rules?.yaml) {
    return <Text color="secondary">The sidecar generated no rules for this SLO.</Text>;
  }
  return (
    <Stack direction="column" gap={1}>
      <Text color="secondary" variant="bodySmall">
        {rules.onlyThisSlo
          ? `${rules.groups} rule groups: the slo:* recording rules Sloth dashboards read, and the burn-rate alerts. `
          : "The whole rule file: this SLO's groups could not be cut out on their own. "}
        Load them into Prometheus to alert without the sidecar.
      </Text>
      <Stack gap={2} alignItems="center">
        <ClipboardButton icon="copy" variant="secondary" size="sm" getText={() => rules.yaml}>
          Copy rules
        </ClipboardButton>
        {/* external: a new tab with the raw file, which Grafana's client-side routing must not intercept */}
        <TextLink href={`${SIDECAR_PROXY_URL}/slos/rules`} external>
          Rule file for every SLO
        </TextLink>
      </Stack>
      <pre className={styles.yaml} aria-label="Prometheus rules YAML">
        {rules.yaml}
      </pre>
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  yaml: css`
    max-height: 480px;
    overflow: auto;
    margin: 0;
    font-size: ${theme.typography.bodySmall.fontSize};
  `,
});

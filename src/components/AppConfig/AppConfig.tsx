import React, { FormEvent, useState } from 'react';
import { css } from '@emotion/css';
import { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps, PluginMeta } from '@grafana/data';
import { DataSourcePicker, getBackendSrv, locationService } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, Input, SecretInput, Stack, useStyles2 } from '@grafana/ui';
import { lastValueFrom } from 'rxjs';
import { ConnectionTest } from './ConnectionTest';

export type AppJsonData = {
  sidecarUrl?: string;
  prometheusDatasourceUid?: string;
};

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<AppJsonData>> {}

/** http(s) URL with a host; returns the problem to show, or undefined when valid. */
export function validateSidecarUrl(value: string): string | undefined {
  if (!value) {
    return 'The sidecar URL is required';
  }
  try {
    const url = new URL(value);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
      return 'Use an http:// or https:// URL, e.g. http://prophet-sidecar:8080';
    }
  } catch {
    return 'Not a valid URL, e.g. http://prophet-sidecar:8080';
  }
  return undefined;
}

const AppConfig = ({ plugin }: AppConfigProps) => {
  const styles = useStyles2(getStyles);
  const { enabled, pinned, jsonData, secureJsonFields } = plugin.meta;
  const [sidecarUrl, setSidecarUrl] = useState(jsonData?.sidecarUrl ?? '');
  const [promUid, setPromUid] = useState(jsonData?.prometheusDatasourceUid);
  const [token, setToken] = useState('');
  // Grafana never sends secrets back, only whether they are set; track edits so an untouched token is not resent.
  const [tokenConfigured, setTokenConfigured] = useState(Boolean(secureJsonFields?.sidecarToken));
  const [tokenChanged, setTokenChanged] = useState(false);
  const [urlError, setUrlError] = useState<string>();
  const [saveError, setSaveError] = useState<string>();
  const [saving, setSaving] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const url = sidecarUrl.trim().replace(/\/+$/, ''); // the proxy route appends "/api"
    const problem = validateSidecarUrl(url);
    setUrlError(problem);
    if (problem) {
      return;
    }
    setSaving(true);
    setSaveError(undefined);
    try {
      await updatePlugin(plugin.meta.id, {
        enabled,
        pinned,
        jsonData: { ...jsonData, sidecarUrl: url, prometheusDatasourceUid: promUid },
        secureJsonData: tokenChanged ? { sidecarToken: token } : undefined,
      });
      // The new settings only reach the running app (and the proxy route) after a reload.
      locationService.reload();
    } catch (e) {
      setSaveError(e instanceof Error ? e.message : 'Saving the settings failed');
      setSaving(false);
    }
  };

  return (
    <form onSubmit={onSubmit} className={styles.form}>
      <FieldSet label="Sidecar connection">
        <Field
          label="Sidecar URL"
          description="Base URL Grafana's server uses to reach the sidecar (not the browser), without /api"
          invalid={Boolean(urlError)}
          error={urlError}
        >
          <Input
            id="sidecar-url"
            width={60}
            value={sidecarUrl}
            placeholder="http://prophet-sidecar:8080"
            onChange={(e) => setSidecarUrl(e.currentTarget.value)}
          />
        </Field>
        <Field
          label="Sidecar token"
          description="Bearer token the sidecar expects; Grafana's proxy adds it to every call"
        >
          <SecretInput
            id="sidecar-token"
            width={60}
            value={token}
            isConfigured={tokenConfigured}
            placeholder="Sidecar API token"
            onChange={(e) => {
              setToken(e.currentTarget.value.trim());
              setTokenChanged(true);
            }}
            onReset={() => {
              setToken('');
              setTokenConfigured(false);
              setTokenChanged(true);
            }}
          />
        </Field>
      </FieldSet>
      <FieldSet label="Prometheus">
        <Field label="Prometheus data source" description="Used for “Explore” links from forecasts to the raw series">
          <DataSourcePicker
            inputId="prometheus-datasource"
            width={60}
            type="prometheus"
            noDefault
            current={promUid}
            onChange={(ds) => setPromUid(ds.uid)}
          />
        </Field>
      </FieldSet>
      {saveError && (
        <Alert severity="error" title="Settings not saved">
          {saveError}
        </Alert>
      )}
      <Stack gap={2}>
        <Button type="submit" disabled={saving}>
          {saving ? 'Saving…' : 'Save settings'}
        </Button>
      </Stack>
      <ConnectionTest />
    </form>
  );
};

export default AppConfig;

const getStyles = (theme: GrafanaTheme2) => ({
  form: css`
    margin-top: ${theme.spacing(4)};
    display: flex;
    flex-direction: column;
    gap: ${theme.spacing(2)};
  `,
});

async function updatePlugin(pluginId: string, data: Partial<PluginMeta<AppJsonData>>) {
  await lastValueFrom(getBackendSrv().fetch({ url: `/api/plugins/${pluginId}/settings`, method: 'POST', data }));
}

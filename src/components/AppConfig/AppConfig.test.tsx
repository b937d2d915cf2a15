import React from 'react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { AppPluginMeta, PluginType } from '@grafana/data';
import { DataSourceSrv, locationService, setBackendSrv, setDataSourceSrv } from '@grafana/runtime';
import { fail, fakeSidecarBackend, FakeAnswer, ok, PROXY } from '../../test/fakeSidecarBackend';
import { sidecarStatus } from '../../test/fixtures';
import AppConfig, { AppJsonData } from './AppConfig';

const SETTINGS = 'POST /api/plugins/prophet-aiops-app/settings';

function meta(jsonData: AppJsonData, tokenSet: boolean): AppPluginMeta<AppJsonData> {
  return {
    id: 'prophet-aiops-app',
    name: 'Prophet AIOps',
    type: PluginType.app,
    enabled: true,
    pinned: true,
    jsonData,
    secureJsonFields: { sidecarToken: tokenSet },
    module: '',
    baseUrl: '',
    info: {} as AppPluginMeta['info'],
  };
}

function renderConfig(routes: Record<string, FakeAnswer> = {}, tokenSet = true) {
  const fake = fakeSidecarBackend({ [SETTINGS]: ok({}), ...routes });
  setBackendSrv(fake.backend);
  const plugin = { meta: meta({ sidecarUrl: 'http://sidecar:8080', prometheusDatasourceUid: 'prom1' }, tokenSet) };
  render(<AppConfig plugin={plugin as never} query={{}} />);
  return fake;
}

const saved = (fake: ReturnType<typeof fakeSidecarBackend>) => fake.requests.filter((r) => r.method === 'POST');

beforeAll(() => {
  // The Prometheus picker asks the datasource service for candidates; one Prometheus is enough.
  const prom = {
    uid: 'prom1',
    name: 'Prometheus',
    type: 'prometheus',
    meta: { id: 'prometheus', metrics: true, info: { logos: {} } },
  };
  setDataSourceSrv({
    getList: () => [prom],
    getInstanceSettings: (ref: unknown) =>
      ref === 'prom1' || (ref as { uid?: string })?.uid === 'prom1' ? prom : undefined,
    get: async () => prom,
    reload: async () => {},
    registerRuntimeDataSource: () => {},
  } as unknown as DataSourceSrv);
});

beforeEach(() => {
  jest.spyOn(locationService, 'reload').mockImplementation(() => {});
});

describe('AppConfig', () => {
  it('shows the saved URL and that a token is configured', () => {
    renderConfig();
    expect(screen.getByLabelText(/^Sidecar URL/)).toHaveValue('http://sidecar:8080');
    expect(screen.getByDisplayValue('configured')).toBeDisabled();
  });

  it('rejects a non-http URL with a visible message and saves nothing', async () => {
    const fake = renderConfig();
    fireEvent.change(screen.getByLabelText(/^Sidecar URL/), { target: { value: 'ftp://sidecar' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText(/Use an http:\/\/ or https:\/\/ URL/)).toBeInTheDocument();
    expect(saved(fake)).toHaveLength(0);
    expect(locationService.reload).not.toHaveBeenCalled();
  });

  it('saves the settings without the secret when the token was not changed', async () => {
    const fake = renderConfig();
    fireEvent.change(screen.getByLabelText(/^Sidecar URL/), { target: { value: 'https://sidecar.example:8443/' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(locationService.reload).toHaveBeenCalled());
    expect(saved(fake)[0].data).toEqual({
      enabled: true,
      pinned: true,
      jsonData: { sidecarUrl: 'https://sidecar.example:8443', prometheusDatasourceUid: 'prom1' },
      secureJsonData: undefined,
    });
  });

  it('sends the token only once it was changed', async () => {
    const fake = renderConfig({}, false);
    fireEvent.change(screen.getByLabelText(/^Sidecar token/), { target: { value: 's3cret' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(locationService.reload).toHaveBeenCalled());
    expect(saved(fake)[0].data.secureJsonData).toEqual({ sidecarToken: 's3cret' });
  });

  it('tests the connection through the proxy without saving, and shows what answered', async () => {
    const status = sidecarStatus(Date.now(), {});
    const fake = renderConfig({ [`${PROXY}/status`]: ok(status) });
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText('Connected to the sidecar')).toBeInTheDocument();
    expect(screen.getByText(/Version 1\.4\.2, demo mode; prometheus source is ok/)).toBeInTheDocument();
    expect(saved(fake)).toHaveLength(0);
  });

  it('shows why the connection test failed', async () => {
    renderConfig({ [`${PROXY}/status`]: fail(502) });
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText('Connection failed')).toBeInTheDocument();
    expect(screen.getByText(/Sidecar unreachable \(502\)/)).toBeInTheDocument();
  });
});

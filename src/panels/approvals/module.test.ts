import appPluginJson from '../../plugin.json';
import panelPluginJson from './plugin.json';
import { ApprovalsPanel } from './ApprovalsPanel';
import { plugin } from './module';

describe('Remediation approvals panel plugin', () => {
  it('is a panel plugin nested in the app, needing no query', () => {
    expect(panelPluginJson.type).toBe('panel');
    expect(panelPluginJson.id).toMatch(/^prophet-aiops-.*-panel$/);
    expect(panelPluginJson.skipDataQuery).toBe(true);
    expect(appPluginJson.includes).toContainEqual({
      type: 'panel',
      name: panelPluginJson.name,
      path: 'panels/approvals/plugin.json',
    });
    expect(plugin.panel).toBe(ApprovalsPanel);
  });

  it('sends decisions through an Editor-only POST route listed before the catch-all', () => {
    const routes = appPluginJson.routes;
    const post = routes.findIndex((r) => r.path === 'api/remediations/*' && 'method' in r && r.method === 'POST');
    const catchAll = routes.findIndex((r) => r.path === 'api/*');
    expect(post).toBeGreaterThanOrEqual(0);
    expect(post).toBeLessThan(catchAll);
    expect(routes[post]).toMatchObject({ reqRole: 'Editor', url: '{{ .JsonData.sidecarUrl }}/api/remediations' });
    expect(routes[post].headers).toEqual(routes[catchAll].headers);
  });
});

// Fixtures for the test-host specs: sign in as a Viewer/Editor/Admin test user (the host's stand-in login is a
// cookie), fail any test whose page logs a console error, save named screenshots, and restore the app's
// settings after a test that changed them.
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PLUGIN_ID } from '../../pages/appPaths';

export type TestRole = 'viewer' | 'editor' | 'admin';
export const SCREENSHOT_DIR = join(__dirname, '../../../test-results/host-screenshots');

interface PluginSettings {
  enabled: boolean;
  pinned: boolean;
  jsonData: Record<string, unknown>;
}

type HostFixtures = {
  role: TestRole;
  consoleErrors: { allow(pattern: RegExp): void };
  saveScreenshot: (name: string) => Promise<void>;
  adminApi: APIRequestContext;
  settings: {
    current(): Promise<PluginSettings>;
    update(change: { jsonData?: Record<string, unknown>; secureJsonData?: Record<string, string> }): Promise<void>;
  };
};

const SETTINGS_URL = `/api/plugins/${PLUGIN_ID}/settings`;

export const test = base.extend<HostFixtures>({
  role: ['admin', { option: true }],

  page: async ({ page, role, baseURL }, use) => {
    await page.context().addCookies([{ name: 'grafana_test_user', value: role, url: baseURL! }]);
    await use(page);
  },

  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      const allowed: RegExp[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' && !allowed.some((pattern) => pattern.test(message.text()))) {
          errors.push(`${message.text()} (${message.location().url})`);
        }
      });
      page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
      await use({ allow: (pattern) => allowed.push(pattern) });
      expect(errors, 'the page logged console errors').toEqual([]);
    },
    { auto: true },
  ],

  saveScreenshot: async ({ page }, use, testInfo) => {
    await use(async (name) => {
      await mkdir(SCREENSHOT_DIR, { recursive: true });
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      await testInfo.attach(name, { path, contentType: 'image/png' });
    });
  },

  adminApi: async ({ playwright, baseURL }, use) => {
    const api = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { Cookie: 'grafana_test_user=admin' },
    });
    await use(api);
    await api.dispose();
  },

  // Snapshot of the provisioned settings, put back after the test so tests stay independent.
  settings: async ({ adminApi }, use) => {
    const read = async (): Promise<PluginSettings> => {
      const response = await adminApi.get(SETTINGS_URL);
      expect(response.ok()).toBe(true);
      return response.json();
    };
    const original = await read();
    let changed = false;
    await use({
      current: read,
      update: async ({ jsonData, secureJsonData }) => {
        changed = true;
        const response = await adminApi.post(SETTINGS_URL, {
          data: {
            enabled: original.enabled,
            pinned: original.pinned,
            jsonData: { ...original.jsonData, ...jsonData },
            secureJsonData,
          },
        });
        expect(response.ok(), await response.text()).toBe(true);
      },
    });
    if (changed) {
      await adminApi.post(SETTINGS_URL, {
        data: {
          enabled: original.enabled,
          pinned: original.pinned,
          jsonData: original.jsonData,
          secureJsonData: { sidecarToken: HOST_SIDECAR_TOKEN },
        },
      });
    }
  },
});

/** The token the host provisions for the sidecar (playwright.host.config.ts passes the same one to both). */
export const HOST_SIDECAR_TOKEN = process.env.HOST_SIDECAR_TOKEN ?? 'host-test-token';

export async function signedInAs(page: Page): Promise<string> {
  return page.getByTestId('signed-in-user').innerText();
}

export { expect };

// Browser tests of the built plugin without a Grafana server (tests/host): Debian's Chromium, the test host
// (tests/host/server: host page + Grafana stand-ins) and the real sidecar in demo mode. `npm run e2e:host`;
// needs `npm run build` first. The real-Grafana specs stay in playwright.config.ts (GRAFANA_URL).
import { defineConfig } from '@playwright/test';

const hostPort = Number(process.env.HOST_PORT ?? 3300);
const sidecarPort = Number(process.env.HOST_SIDECAR_PORT ?? 18787);
const hostUrl = `http://127.0.0.1:${hostPort}`;
const sidecarUrl = `http://127.0.0.1:${sidecarPort}`;
const token = process.env.HOST_SIDECAR_TOKEN ?? 'host-test-token';
process.env.HOST_SIDECAR_URL = sidecarUrl;

export default defineConfig({
  testDir: './tests/host/specs',
  outputDir: './test-results/host',
  // One worker: some specs change the app's settings (and put them back), which every page reads.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['html', { outputFolder: 'playwright-report/host', open: 'never' }]],
  use: {
    baseURL: hostUrl,
    browserName: 'chromium',
    viewport: { width: 1400, height: 1000 },
    launchOptions: {
      // `npx playwright install` cannot download browsers here; Debian's chromium is the browser.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  webServer: [
    {
      command: `node sidecar/src/cli/main.ts demo --port ${sidecarPort}`,
      url: `${sidecarUrl}/readyz`,
      env: {
        PROPHET_TOKEN: token,
        PROPHET_GRAFANA_URL: hostUrl,
        PROPHET_SQLITE_PATH: ':memory:',
        PROPHET_LOG_LEVEL: 'warn',
      },
      reuseExistingServer: false,
      timeout: 120_000,
    },
    {
      command: `node tests/host/server/main.ts --port ${hostPort} --sidecar-url ${sidecarUrl} --sidecar-token ${token}`,
      url: `${hostUrl}/api/health`,
      reuseExistingServer: false,
      timeout: 180_000,
    },
  ],
});

// Page object for the app's configuration page (/plugins/<id>), shared by host and plugin-e2e specs.
import type { Locator, Page, Response } from '@playwright/test';
import { CONFIG_URL, PLUGIN_ID } from './appPaths';

export class AppConfigForm {
  readonly sidecarUrl: Locator;
  readonly sidecarToken: Locator;
  readonly tokenReset: Locator;
  readonly save: Locator;
  readonly testConnection: Locator;
  readonly connected: Locator;

  constructor(private readonly page: Page) {
    this.sidecarUrl = page.getByRole('textbox', { name: 'Sidecar URL' });
    this.sidecarToken = page.getByPlaceholder('Sidecar API token');
    this.tokenReset = page.getByRole('button', { name: 'Reset' });
    this.save = page.getByRole('button', { name: /Save settings/ });
    this.testConnection = page.getByRole('button', { name: /Test connection/ });
    this.connected = page
      .getByRole('status')
      .or(page.getByRole('alert'))
      .filter({ hasText: 'Connected to the sidecar' });
  }

  async goto() {
    await this.page.goto(CONFIG_URL);
  }

  /** Resolves with Grafana's answer to the settings POST the Save button sends. */
  settingsSaved(): Promise<Response> {
    return this.page.waitForResponse(
      (response) =>
        response.url().endsWith(`/api/plugins/${PLUGIN_ID}/settings`) && response.request().method() === 'POST'
    );
  }

  fieldError(text: RegExp | string): Locator {
    return this.page.getByText(text);
  }
}

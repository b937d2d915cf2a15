import React, { useState } from 'react';
import { Alert, Button, Stack, Text } from '@grafana/ui';
import { sidecarClient } from '../../api/sidecarClient';
import type { SidecarStatus } from '../../api/types';

type Result = { ok: true; status: SidecarStatus } | { ok: false; message: string };

/** Calls GET api/status through the proxy without saving; the proxy uses the *saved* URL and token. */
export function ConnectionTest() {
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<Result>();

  const run = async () => {
    setTesting(true);
    setResult(undefined);
    try {
      setResult({ ok: true, status: await sidecarClient.getStatus() });
    } catch (e) {
      setResult({ ok: false, message: e instanceof Error ? e.message : String(e) });
    } finally {
      setTesting(false);
    }
  };

  return (
    <Stack direction="column" gap={1}>
      <Stack gap={2} alignItems="center">
        <Button variant="secondary" icon="heart-rate" onClick={run} disabled={testing}>
          {testing ? 'Testing…' : 'Test connection'}
        </Button>
        <Text color="secondary" variant="bodySmall">
          Tests the saved settings; save first after changing the URL or token.
        </Text>
      </Stack>
      {result?.ok === true && (
        <Alert severity={result.status.source.state === 'ok' ? 'success' : 'warning'} title="Connected to the sidecar">
          Version {result.status.version}, {result.status.mode} mode; {result.status.source.kind} source is{' '}
          {result.status.source.state}
          {result.status.source.lastError ? ` (${result.status.source.lastError})` : ''}.
        </Alert>
      )}
      {result?.ok === false && (
        <Alert severity="error" title="Connection failed">
          {result.message}
        </Alert>
      )}
    </Stack>
  );
}

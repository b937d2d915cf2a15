import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const FIXTURE = fileURLToPath(new URL('./fixtures/serve-until-signal.ts', import.meta.url));

interface Child {
  messages: string[];
  waitFor(message: string): Promise<Record<string, unknown>>;
  kill(signal: NodeJS.Signals): void;
  exitCode: Promise<number | null>;
}

function startChild(...args: string[]): Child {
  const child = spawn(process.execPath, [FIXTURE, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  let buffer = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const part of parts) {if (part.trim()) {lines.push(JSON.parse(part));}}
    for (const wake of waiters.splice(0)) {wake();}
  });
  const exitCode = once(child, 'exit').then(([code]) => code as number | null);
  return {
    get messages() {
      return lines.map((l) => String(l.msg));
    },
    async waitFor(message) {
      for (;;) {
        const found = lines.find((l) => l.msg === message);
        if (found) {return found;}
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    kill: (signal) => child.kill(signal),
    exitCode,
  };
}

test('SIGTERM finishes the in-flight request, runs the close hooks and exits 0', async () => {
  const child = startChild();
  const { address } = await child.waitFor('listening');
  const inFlight = fetch(`${address}/api/slow`, { headers: { authorization: 'Bearer child-token' } });
  await new Promise((resolve) => setTimeout(resolve, 100));
  child.kill('SIGTERM');

  const res = await inFlight;
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { slow: true });
  assert.equal(await child.exitCode, 0);
  const shutdownSteps = [
    'shutting down: finishing in-flight requests',
    'jobs stopped',
    'store closed',
    'shutdown complete',
  ];
  assert.deepEqual(
    child.messages.filter((m) => shutdownSteps.includes(m)),
    shutdownSteps
  );
});

test('a close hook that never finishes is cut off by the timeout with exit 1', async () => {
  const child = startChild('hang', '300');
  await child.waitFor('listening');
  child.kill('SIGTERM');
  assert.equal(await child.exitCode, 1);
  assert.ok(child.messages.includes('shutdown timed out; forcing exit'));
});

test('a second signal forces exit 1', async () => {
  const child = startChild('hang', '30000');
  await child.waitFor('listening');
  child.kill('SIGTERM');
  await child.waitFor('shutting down: finishing in-flight requests');
  child.kill('SIGINT');
  assert.equal(await child.exitCode, 1);
  assert.ok(child.messages.includes('second signal during shutdown; forcing exit'));
});

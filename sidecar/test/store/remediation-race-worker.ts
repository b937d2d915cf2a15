// A child process of remediation-race.test.ts: opens its own connection to the database file, prints "ready", waits
// for "go" on stdin (so every worker starts together) and then tries `attempts` approvals of one proposal, each
// followed by an audit entry of its own, so the workers also race on the tail of the hash chain. Prints
// {"approved": n} at the end; any error (SQLITE_BUSY included) exits non-zero.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import type { Actor } from '../../src/remediation/types.ts';
import { auditInput } from './remediation-fixtures.ts';

const [path, proposalId, worker, attemptsText] = process.argv.slice(2);
const store = new SqliteStore(path);
const input = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
const [line] = (await once(input, 'line')) as [string];
if (line !== 'go') {
  throw new Error(`race worker ${worker}: expected "go" on stdin, got ${JSON.stringify(line)}`);
}
input.close();

let approved = 0;
for (let attempt = 0; attempt < Number(attemptsText); attempt++) {
  const login = `${worker}-${attempt}`;
  const actor: Actor = { type: 'user', login, name: login, role: 'Editor' };
  const result = store.remediation.transition(
    proposalId,
    ['proposed'],
    (current) => ({ ...current, state: 'approved', decision: { by: actor, at: attempt, comment: '' } }),
    [auditInput('approved', proposalId, { actor })]
  );
  if (result.ok) {
    approved++;
  }
  store.remediation.appendAudit(auditInput('blocked', proposalId, { actor, comment: 'race probe' }));
  await new Promise((resolve) => setImmediate(resolve));
}
store.close();
process.stdout.write(`${JSON.stringify({ approved })}\n`);

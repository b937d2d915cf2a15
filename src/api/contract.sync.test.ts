import { readFileSync } from 'fs';
import { join } from 'path';

// The frontend keeps a copy of the sidecar contract (rootDir forbids importing it); this guards against drift.
it('src/api/contract.ts is a verbatim copy of sidecar/src/api/contract.ts', () => {
  const root = join(__dirname, '..', '..');
  const copy = readFileSync(join(root, 'src/api/contract.ts'), 'utf8').split('\n').slice(4).join('\n');
  const original = readFileSync(join(root, 'sidecar/src/api/contract.ts'), 'utf8');
  expect(copy).toBe(original);
});

// Line numbers for field paths in a parsed YAML document, so a policy error can say "policies.yaml:14:". A field
// that is missing is reported at the line of the nearest mapping that should hold it.
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export type FieldPath = ReadonlyArray<string | number>;

/** 1-based line of the deepest node on `path` that exists (a mapping entry's key line), or null. */
export type LineOf = (path: FieldPath) => number | null;

export function lineLocator(doc: Document, lineCounter: LineCounter): LineOf {
  const lineAt = (offset: number | undefined) => (offset === undefined ? null : lineCounter.linePos(offset).line);
  return (path) => {
    let node: unknown = doc.contents;
    let line = lineAt((doc.contents as Node | null)?.range?.[0]);
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment)
        );
        if (!pair) {
          break;
        }
        line = lineAt((pair.key as Node).range?.[0]) ?? line;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
        node = node.items[segment];
        line = lineAt((node as Node | null)?.range?.[0]) ?? line;
      } else {
        break;
      }
    }
    return line;
  };
}

/** "/spec/action/type" (TypeBox) → ["spec", "action", "type"], list indices as numbers. */
export function pointerToPath(pointer: string): Array<string | number> {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** ["remediation", "policies", 0, "action"] → "remediation.policies[0].action". */
export function formatPath(path: FieldPath): string {
  return path.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part),
    ''
  );
}

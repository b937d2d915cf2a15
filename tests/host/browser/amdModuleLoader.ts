// Loads a plugin's AMD module.js the way Grafana's SystemJS loader does: the bundle calls define(deps, factory)
// and each dependency is resolved from the modules the host provides (the real npm packages), with the AMD
// "module" dependency carrying the script URL (create-plugin derives the public path for lazy chunks from it).
type AmdFactory = (...deps: unknown[]) => unknown;
type AmdDefine = ((deps: string[], factory: AmdFactory) => void) & { amd: object };

declare global {
  interface Window {
    define?: AmdDefine;
  }
}

export class MissingExternalError extends Error {
  constructor(url: string, missing: string[]) {
    super(`${url} needs modules the host does not provide: ${missing.join(', ')}`);
    this.name = 'MissingExternalError';
  }
}

export function loadAmdModule(url: string, provided: Record<string, unknown>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const define: AmdDefine = Object.assign(
      (deps: string[], factory: AmdFactory) => {
        const missing = deps.filter((dep) => dep !== 'module' && !(dep in provided));
        if (missing.length > 0) {
          reject(new MissingExternalError(url, missing));
          return;
        }
        try {
          const args = deps.map((dep) => (dep === 'module' ? { id: url, uri: url } : provided[dep]));
          // A module with top-level await hands back a promise of its exports.
          Promise.resolve(factory(...args)).then((exports) => resolve(exports as Record<string, unknown>), reject);
        } catch (err) {
          reject(err);
        }
      },
      { amd: {} }
    );
    window.define = define;
    const script = document.createElement('script');
    script.src = url;
    script.onerror = () => reject(new Error(`Could not load ${url}`));
    document.head.appendChild(script);
  });
}

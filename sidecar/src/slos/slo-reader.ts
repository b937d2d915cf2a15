// What the API layer and the metrics exporter read from the SLO jobs: cached results only.
import type { SloDetail, SloList } from '../api/contract.ts';

export interface SloReader {
  /** Soonest exhaustion first. */
  list(): SloList;
  get(id: string): SloDetail | undefined;
  /** Prometheus recording and alert rules for every SLO (Sloth-compatible names), as a rule file. */
  rulesYaml(): string;
  /** True once every SLO has been computed once (successfully or not). */
  ready(): boolean;
}

export const noSlos: SloReader = {
  list: () => ({ generatedAt: Date.now(), slos: [] }),
  get: () => undefined,
  rulesYaml: () => '# no SLOs configured\ngroups: []\n',
  ready: () => true,
};

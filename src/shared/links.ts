import { ROUTES } from '../constants';
import { prefixRoute } from '../utils/utils.routing';

export function forecastUrl(id: string): string {
  return `${prefixRoute(ROUTES.Forecasts)}/${encodeURIComponent(id)}`;
}

/** The SLO page's route under the app: /a/<app>/slos, one SLO at /a/<app>/slos/<id>. */
export const SLOS_PATH = 'slos';

export const slosUrl = () => prefixRoute(SLOS_PATH);
export const sloUrl = (id: string) => `${slosUrl()}/${encodeURIComponent(id)}`;

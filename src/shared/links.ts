import { ROUTES } from '../constants';
import { prefixRoute } from '../utils/utils.routing';

export function forecastUrl(id: string): string {
  return `${prefixRoute(ROUTES.Forecasts)}/${encodeURIComponent(id)}`;
}

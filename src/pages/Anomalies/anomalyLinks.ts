import { ROUTES } from '../../constants';
import { prefixRoute } from '../../utils/utils.routing';

/** The Outliers tab lives under the Anomalies page: /a/<app>/anomalies/outliers. */
export const OUTLIERS_PATH = 'outliers';

export const anomaliesUrl = () => prefixRoute(ROUTES.Anomalies);
export const outliersUrl = () => `${prefixRoute(ROUTES.Anomalies)}/${OUTLIERS_PATH}`;
export const anomalyUrl = (id: string) => `${anomaliesUrl()}/${encodeURIComponent(id)}`;
export const outlierGroupUrl = (id: string) => `${outliersUrl()}/${encodeURIComponent(id)}`;

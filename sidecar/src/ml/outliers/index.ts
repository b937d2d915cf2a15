// Public entry point of group outlier detection: pure functions over arrays; augurs' WASM module is passed in.
export { findGroupOutliers, MIN_GROUP_MEMBERS, DEFAULT_OUTLIER_OPTIONS } from './group-outliers.ts';
export type * from './types.ts';

import type { CapacityAtHorizon, CapacityInput } from './types.ts';

// Counts smaller than this are treated as 0 so that float noise (1e-13 pending pods) never asks for a node.
const EPS = 1e-9;

function nodesFor(pods: number, podsPerNode: number): number {
  return Math.max(0, Math.ceil(pods / podsPerNode - EPS));
}

/**
 * Pending pods and the new nodes they need at the given forecast steps (1-based, integers within the band).
 * A forecast of pending pods can dip below 0; a negative count means none, so every value is clamped at 0.
 */
export function karpenterCapacity(input: CapacityInput, horizonSteps: number[]): CapacityAtHorizon[] {
  const { pendingPods: band, podsPerNode } = input;
  if (!(podsPerNode > 0) || !Number.isFinite(podsPerNode)) {
    throw new Error(`karpenterCapacity: podsPerNode must be a positive number, got ${podsPerNode}`);
  }
  const len = band.yhat.length;
  return horizonSteps.map((step) => {
    if (!Number.isInteger(step) || step < 1 || step > len) {
      throw new Error(`karpenterCapacity: step ${step} is not an integer in 1..${len} (the forecast horizon)`);
    }
    const i = step - 1;
    const pending = Math.max(0, band.yhat[i]);
    const lower = Math.max(0, band.lower[i]);
    const upper = Math.max(0, band.upper[i], pending);
    return {
      step,
      pendingPods: pending,
      pendingPodsLower: Math.min(lower, pending),
      pendingPodsUpper: upper,
      nodesNeeded: nodesFor(pending, podsPerNode),
      nodesNeededUpper: nodesFor(upper, podsPerNode),
    };
  });
}

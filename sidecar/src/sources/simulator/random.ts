// Stateless randomness: every draw is a pure function of (seed, key, index), so any timestamp of any series can be
// evaluated without replaying history.

/** 32-bit FNV-1a of a string, mixed with a seed. */
export function hashString(seed: number, text: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** One step of mulberry32: a well-mixed 32-bit output for a 32-bit state. */
export function mulberry32(state: number): number {
  let t = (state + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Uniform [0, 1) for (key hash, integer index), e.g. index = time bucket. */
export function uniform(keyHash: number, index: number): number {
  return mulberry32((keyHash ^ Math.imul(index | 0, 0x9e3779b1) ^ Math.floor(index / 4294967296)) >>> 0);
}

/** Roughly normal(0, 1) from three uniforms (Irwin–Hall), bounded to ±3 so noise never explodes. */
export function gaussian(keyHash: number, index: number): number {
  const a = uniform(keyHash, index * 3);
  const b = uniform(keyHash ^ 0x5bd1e995, index * 3 + 1);
  const c = uniform(keyHash ^ 0x27d4eb2f, index * 3 + 2);
  return (a + b + c - 1.5) * 2;
}

/** A seeded sequential generator for building the cluster topology once. */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    return mulberry32(state - 0x6d2b79f5);
  };
}

const K8S_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Kubernetes-style random suffix (the alphabet kube uses for pod-template-hash and pod names). */
export function k8sSuffix(keyHash: number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {out += K8S_ALPHABET[Math.floor(uniform(keyHash, i) * K8S_ALPHABET.length)];}
  return out;
}

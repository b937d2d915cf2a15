// The audit log's hash chain: every entry's hash covers the previous entry's hash and this entry's content, so
// editing, removing or reordering any entry breaks every hash from there on. Content is canonical JSON (keys sorted
// at every level) of the entry without seq and hash, so the hash does not depend on how a row was written and can be
// recomputed by anyone with sha256 and a JSON library.
import { createHash } from 'node:crypto';
import type { AuditInput } from './remediation-store.ts';
import type { AuditEntry } from './types.ts';

/** The previous hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level; otherwise exactly JSON.stringify (undefined members dropped). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) => {
    if (member === null || typeof member !== 'object' || Array.isArray(member)) {
      return member;
    }
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(member).sort()) {
      sorted[key] = (member as Record<string, unknown>)[key];
    }
    return sorted;
  });
}

/** The hashed part of an entry: everything but seq and hash (stray seq/hash members of an input are ignored). */
export function auditContent(entry: AuditInput | AuditEntry): AuditInput {
  const { seq: _seq, hash: _hash, ...content } = entry as AuditEntry;
  return content;
}

/** sha256 hex of the previous entry's hash followed by this entry's canonical content. */
export function chainHash(prevHash: string, content: AuditInput): string {
  return createHash('sha256')
    .update(prevHash + canonicalJson(auditContent(content)))
    .digest('hex');
}

/** One stored entry as the verifier sees it; content null when it could not be read back. */
export interface StoredAuditLink {
  seq: number;
  prevHash: string;
  hash: string;
  content: AuditInput | null;
}

/**
 * Walks the links in seq order and returns the seq of the first one that does not follow from its predecessor
 * (its prevHash is not the predecessor's hash, its hash is not chainHash(prevHash, content), or its content is
 * unreadable); null when the whole chain holds.
 */
export function firstBrokenLink(links: Iterable<StoredAuditLink>): number | null {
  let expectedPrev = GENESIS_HASH;
  for (const link of links) {
    if (
      link.content === null ||
      link.prevHash !== expectedPrev ||
      link.hash !== chainHash(expectedPrev, link.content)
    ) {
      return link.seq;
    }
    expectedPrev = link.hash;
  }
  return null;
}

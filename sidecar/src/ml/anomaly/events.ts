// Groups anomalous points into events: an event opens at the first anomalous point and closes once the series has
// been normal for `quietPoints` points in a row. Its kind is the one that scored highest, except that a spike or dip
// that lasts until the level-shift check confirms it becomes a level shift.
import type { AnomalyDirection, AnomalyEvent, AnomalyKind } from './types.ts';

export interface ScoredPoint {
  timestamp: number;
  score: number;
  isAnomaly: boolean;
  kind: AnomalyKind | null;
  direction: AnomalyDirection;
  size: number;
  limitAt: number | null;
}

const PRIORITY: Record<AnomalyKind, number> = { spike: 0, dip: 0, variance_change: 1, level_shift: 2, drift: 3 };

export class EventTracker {
  private readonly all: AnomalyEvent[] = [];
  private open: AnomalyEvent | null = null;
  private quiet = 0;
  private readonly quietPoints: number;

  constructor(quietPoints: number) {
    this.quietPoints = quietPoints;
  }

  get events(): AnomalyEvent[] {
    return this.all.map((event) => ({ ...event }));
  }

  /** Records a point; returns the event it belongs to (a copy), or null. */
  record(point: ScoredPoint): AnomalyEvent | null {
    const event = this.open;
    if (point.isAnomaly && point.kind) {
      this.quiet = 0;
      if (!event) {
        this.open = {
          kind: point.kind,
          direction: point.direction,
          size: point.size,
          start: point.timestamp,
          end: point.timestamp,
          ongoing: true,
          peakScore: point.score,
          limitAt: point.limitAt,
        };
        this.all.push(this.open);
        return { ...this.open };
      }
      event.end = point.timestamp;
      event.peakScore = Math.max(event.peakScore, point.score);
      if (Math.abs(point.size) > Math.abs(event.size)) {
        event.size = point.size;
      }
      if (PRIORITY[point.kind] > PRIORITY[event.kind]) {
        event.kind = point.kind;
        event.direction = point.direction;
      }
      event.limitAt = point.limitAt ?? event.limitAt;
      return { ...event };
    }
    if (!event) {
      return null;
    }
    this.quiet += 1;
    if (this.quiet >= this.quietPoints) {
      event.ongoing = false;
      this.open = null;
    }
    return { ...event };
  }
}

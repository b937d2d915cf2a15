// What the incidents should be, replayed from the alert changes in the order the manager took them, with the
// places the generator assigned (not the labels): a firing critical alert opens an incident for its place when the
// place has none open; any change of an alert about a place with an open incident joins it; an alert already in an
// incident stays there, and a late firing never undoes its resolve; an incident closes when all its alerts are
// resolved, judged once per batch as the manager does. Nothing here reads scopes or labels, so it checks the
// sidecar's correlation against the storm's ground truth.
export interface OracleAlert {
  place: string;
  severity: string;
}

export interface OracleIncident {
  place: string;
  opener: string;
  members: Map<string, 'firing' | 'resolved'>;
  open: boolean;
}

export interface OracleChange {
  fingerprint: string;
  status: 'firing' | 'resolved';
}

export function replay(
  batches: ReadonlyArray<{ changes: readonly OracleChange[] }>,
  alertOf: (fingerprint: string) => OracleAlert,
  opens: (severity: string) => boolean = (s) => s === 'critical'
): { incidents: OracleIncident[]; placedAt: Map<string, number> } {
  const incidents: OracleIncident[] = [];
  const openByPlace = new Map<string, OracleIncident>();
  const incidentOf = new Map<string, OracleIncident>();
  const placedAt = new Map<string, number>();
  batches.forEach((batch, index) => {
    const touched = new Set<OracleIncident>();
    for (const { fingerprint, status } of batch.changes) {
      const { place, severity } = alertOf(fingerprint);
      let incident = incidentOf.get(fingerprint);
      if (incident) {
        if (incident.members.get(fingerprint) === 'firing' || status === 'resolved') {
          incident.members.set(fingerprint, status);
        }
      } else {
        incident = openByPlace.get(place);
        if (!incident && status === 'firing' && opens(severity)) {
          incident = { place, opener: fingerprint, members: new Map(), open: true };
          incidents.push(incident);
          openByPlace.set(place, incident);
        }
        if (incident) {
          incident.members.set(fingerprint, status);
          incidentOf.set(fingerprint, incident);
          placedAt.set(fingerprint, index);
        }
      }
      if (incident) {
        touched.add(incident);
      }
    }
    for (const incident of touched) {
      incident.open = [...incident.members.values()].includes('firing');
      if (!incident.open && openByPlace.get(incident.place) === incident) {
        openByPlace.delete(incident.place);
      }
    }
  });
  return { incidents, placedAt };
}

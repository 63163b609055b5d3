// What the « Type de parc » dialog sends: ticked types with their count, unticked ones 0 only if they had a count.

export type FleetEntry = { checked: boolean; count: string };

export type FleetCounts = { counts: Record<string, number>; invalid: string[] };

export function fleetCounts(
  codes: string[],
  entries: Record<string, FleetEntry>,
  before: Record<string, number>,
): FleetCounts {
  const counts: Record<string, number> = {};
  const invalid: string[] = [];
  for (const code of codes) {
    const e = entries[code];
    if (e?.checked) {
      const raw = e.count.trim();
      const n = Number(raw);
      if (raw === '' || !Number.isInteger(n) || n < 0) invalid.push(code);
      else counts[code] = n;
    } else if ((before[code] ?? 0) > 0) {
      counts[code] = 0;
    }
  }
  return { counts, invalid };
}

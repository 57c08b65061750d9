// The expiry of an alert is typed as a wall time at the sending mission (its time zone from the directory) and sent
// as an instant in UTC. Intl gives the zone's offset at an instant; the wall time's instant is found by
// subtracting the offset at a first guess and checking it again there (which settles summer-time changes).

/** "YYYY-MM-DDTHH:mm", the value of an <input type="datetime-local">. */
const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** The offset of `timeZone` from UTC at `instantMs`, in milliseconds (Asia/Tokyo: +9 h). */
export function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instantMs));
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(value('year'), value('month') - 1, value('day'), value('hour'), value('minute'), value('second'));
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/** A wall time in `timeZone` as an ISO instant in UTC ("2026-12-06T09:00:00Z"), or null when it is not one. */
export function wallTimeToIso(wall: string, timeZone: string): string | null {
  const match = WALL_TIME.exec(wall.trim());
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  if (Number.isNaN(guess)) return null;
  try {
    let instant = guess - zoneOffsetMs(guess, timeZone);
    instant = guess - zoneOffsetMs(instant, timeZone);
    return new Date(instant).toISOString().replace(/\.\d{3}Z$/, 'Z');
  } catch {
    return null; // an unknown time zone
  }
}

/** An ISO instant as the wall time in `timeZone` ("YYYY-MM-DDTHH:mm"), '' when there is none. */
export function isoToWallTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return '';
  try {
    const local = new Date(instant + zoneOffsetMs(instant, timeZone));
    return local.toISOString().slice(0, 16);
  } catch {
    return '';
  }
}

// Answers of opening_hours.js (the reference implementation of the OSM opening_hours syntax)
// for every distinct value of the shared corpus at the instants that matter, at one point.
// Usage (see `make hours-oracle`): TZ=America/New_York node oracle.mjs CORPUS.tsv LAT LON
// Prints CSV rows: value,zone,lat,lon,instant (UTC, ISO),state (open|closed|unknown|invalid)
import fs from 'node:fs';
import OpeningHours from 'opening_hours';

const [corpus, lat, lon] = process.argv.slice(2);
const zone = process.env.TZ;
// local wall times [y, m (1-12), d, h, min]: weekday and weekend, around midnight, the DST
// change days (no nonexistent or doubled local time), federal holidays and the days around
// them, sunrise and sunset in winter and summer, months in and out of common seasons
const LOCAL = [
  [2026, 12, 9, 3, 0], [2026, 12, 9, 8, 30], [2026, 12, 9, 12, 0], [2026, 12, 9, 18, 0],
  [2026, 12, 9, 23, 30], [2026, 12, 10, 23, 59], [2026, 12, 11, 0, 1], [2026, 12, 11, 17, 0],
  [2026, 12, 12, 10, 0], [2026, 12, 12, 23, 30], [2026, 12, 13, 0, 30], [2026, 12, 13, 14, 0],
  [2027, 3, 14, 1, 30], [2027, 3, 14, 3, 30], [2027, 3, 14, 12, 0], [2027, 3, 15, 8, 0],
  [2026, 11, 1, 0, 30], [2026, 11, 1, 3, 0], [2026, 11, 1, 12, 0], [2026, 11, 2, 9, 0],
  [2026, 11, 25, 10, 0], [2026, 11, 26, 10, 0], [2026, 11, 27, 10, 0],
  [2026, 12, 24, 10, 0], [2026, 12, 25, 10, 0], [2026, 12, 26, 10, 0],
  [2026, 7, 2, 10, 0], [2026, 7, 3, 10, 0], [2026, 7, 4, 10, 0], [2026, 7, 5, 10, 0],
  [2026, 10, 12, 10, 0], [2026, 12, 31, 22, 0], [2027, 1, 1, 10, 0],
  [2026, 12, 21, 7, 0], [2026, 12, 21, 7, 40], [2026, 12, 21, 16, 20], [2026, 12, 21, 16, 50],
  [2026, 12, 21, 17, 30], [2026, 6, 21, 5, 10], [2026, 6, 21, 6, 0], [2026, 6, 21, 20, 0],
  [2026, 6, 21, 20, 50], [2026, 6, 21, 21, 30], [2026, 5, 15, 12, 0], [2026, 8, 15, 12, 0],
];
const nominatim = { lat, lon, address: { country_code: 'us' } }; // no state: federal PH
const values = new Set();
for (const line of fs.readFileSync(corpus, 'utf8').split('\n').slice(1)) {
  const cols = line.split('\t');
  if (cols.length < 2) continue;
  let value = cols[1]; // a field with quotes is quoted as in CSV: "Mo ""comment"""
  if (value.length > 1 && value.startsWith('"') && value.endsWith('"')) {
    value = value.slice(1, -1).replaceAll('""', '"');
  }
  if (value.trim()) values.add(value);
}
const q = (s) => '"' + String(s).replaceAll('"', '""') + '"';
console.log('value,zone,lat,lon,instant,state');
for (const value of [...values].sort()) {
  let oh = null;
  try { oh = new OpeningHours(value, nominatim, { mode: 0 }); } catch { oh = null; }
  for (const [y, m, d, h, mi] of LOCAL) {
    const at = new Date(y, m - 1, d, h, mi);
    let state = 'invalid';
    if (oh) {
      try { state = oh.getState(at) ? 'open' : oh.getUnknown(at) ? 'unknown' : 'closed'; }
      catch { state = 'invalid'; }
    }
    console.log([q(value), zone, lat, lon, at.toISOString(), state].join(','));
  }
}

import { describe, expect, it } from 'vitest';
import type { BackfillSummary, PeakSummary } from '../../lib/bindings';
import { backfillResult, countedNote, exportLine, gapWords, monthKey, monthPeak, overLine, quarterLine, sourceWords } from './words';

const summary = (over: Partial<BackfillSummary>): BackfillSummary => ({
  files_seen: 0,
  files_read: 0,
  rows: 0,
  applied: 0,
  already: 0,
  covered: 0,
  unfit: 0,
  note: null,
  ...over,
});

describe('gaps and sources in words', () => {
  it('names every reason plainly', () => {
    expect(gapWords('not_recording').label).toBe('WattDesk was not running');
    expect(gapWords('offline').label).toBe('Meter unreachable');
    expect(gapWords('reboot').label).toBe('Reader restarted');
    expect(gapWords('counter_reset').label).toBe('New meter or counter reset');
    expect(gapWords('stream_taken').label).toBe('Another app had the live data');
    expect(sourceWords('device_log')).toBe("Filled from the reader's SD card");
    expect(sourceWords('mixed')).toBe("Partly filled from the reader's SD card");
    expect(sourceWords('live')).toBeNull();
  });
});

describe('filling from the SD card', () => {
  it('says how many readings it added, and what it skipped', () => {
    const r = backfillResult(summary({ files_seen: 3, files_read: 2, rows: 4320, applied: 1240, already: 2880, covered: 200 }));
    expect(r.tone).toBe('success');
    expect(r.title).toBe("Added 1,240 readings from the reader's SD card.");
    expect(r.detail).toBe('2 daily files of 3 read from the card; 2,880 readings already added before; 200 readings where WattDesk had recorded itself.');
  });

  it('gives the reason when nothing was filled', () => {
    expect(backfillResult(summary({ note: 'the reader has no SD card (or it is not mounted)' })).title).toBe(
      'Nothing was filled: the reader has no SD card (or it is not mounted).',
    );
    const again = backfillResult(summary({ files_seen: 3, files_read: 0, already: 4320 }));
    expect(again.title).toBe('Nothing new: the history already has everything the SD card holds.');
    expect(again.tone).toBe('info');
  });
});

describe('export progress', () => {
  it('reads as a bar and a line', () => {
    expect(exportLine(null).text).toBe('Choose where to save the file in the window that opened…');
    expect(exportLine({ fraction: 0.42, rows: 1200, done: false, file: null })).toEqual({ fraction: 0.42, text: 'Writing 1,200 rows… 42 %' });
    expect(exportLine({ fraction: 1, rows: 2976, done: true, file: '/tmp/x.csv' })).toEqual({ fraction: 1, text: 'Saved 2,976 rows.' });
  });
});

describe('peaks', () => {
  const now = new Date(2026, 11, 2, 17, 3).getTime();
  const peaks: PeakSummary = {
    months: [
      { month: '2026-11', peak_kw: 5.2, at_ms: 1, counted_kw: 5.2 },
      { month: '2026-12', peak_kw: 1.9, at_ms: 2, counted_kw: 2.5 },
    ],
    rolling_average_kw: 3.85,
    floor_kw: 2.5,
    yearly_cost: null,
    quarter: { start_ms: 0, elapsed_s: 180, import_kwh: 0.4, projected_kw: 6.1, limit_kw: 5, heading_over: true },
  };
  it('finds this month and says when the floor counts', () => {
    expect(monthKey(now)).toBe('2026-12');
    expect(monthPeak(peaks, now)?.peak_kw).toBe(1.9);
    expect(monthPeak({ ...peaks, months: [] }, now)).toBeNull();
    expect(countedNote(peaks.months[1]!, 2.5)).toBe("Counts as 2.50 kW: the capacity rule's minimum is 2.50 kW.");
    expect(countedNote(peaks.months[0]!, 2.5)).toBeNull();
  });
  it('says where the quarter hour is heading', () => {
    expect(quarterLine(peaks.quarter!)).toBe('This quarter hour (3 min in) is heading for 6.10 kW; your limit is 5.00 kW.');
    expect(quarterLine({ ...peaks.quarter!, limit_kw: null })).toBe('This quarter hour (3 min in) is heading for 6.10 kW.');
    expect(overLine(peaks.quarter!)).toBe('At the present pace it averages 6.10 kW (3 min in). Switching something big off now keeps the peak lower.');
  });
});

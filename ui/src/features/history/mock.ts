// The mock backend's history: every saved meter has ~40 days of quarter hours (mockData.ts), the household
// adds them up, tariff plans price them, the peaks follow, the SD card fills the House meter's offline
// stretch, exports report progress through the real Channel callback path, and a live chart's past comes
// from the same simulated meter the live feed streams.
//
// Levers: the `history` scenario has a price plan, a quarter-hour limit of 5 kW and a capacity rule (every
// other scenario starts without prices); `&prices=none` takes them away there; `&peak=over` makes the
// current quarter hour head over the limit; `&store=broken` gives the store a problem; `&sd=none` (no card)
// and `&chooser=cancel` (the save window is closed) as in the device settings. For the view tests:
// `holdExport()` stops the next export at 45 % until `releaseExport()`, `tariffSettings()` reads the saved plans,
// `refuseNextPrices(message)` makes the next save fail with the backend's words.
import type { Channel } from '@tauri-apps/api/core';
import type { ExportProgress, HistoryRequest, MeterView, PowerPoint, TariffPlan, TariffSettings } from '../../lib/bindings';
import { hash6, HOUSE } from '../../mock/devices';
import { fail, sleep, type MockFeature } from '../../mock/world';
import { HOUSE_FEED, type FeedSpec } from '../live/mockFeeds';
import { MeterSim } from '../live/mockSignal';
import { answer, BadRequest, bucketOf, fillFromCard, meterHistory, peaks, quartersIn, tariffProblem, type MeterHistory, type Profile } from './mockData';
import { dateInputValue, startOfMonth, addMonths } from './range';

const runCallback = (id: number, data: unknown) =>
  (window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void } }).__TAURI_INTERNALS__.runCallback(id, data);

/** The example plan the prices editor starts from (the backend's `example_plan`, from this month on). */
export function examplePlan(now = Date.now()): TariffPlan {
  return {
    name: 'My electricity plan',
    valid_from: dateInputValue(startOfMonth(now)),
    currency: 'CHF',
    energy: {
      kind: 'schedule',
      high_per_kwh: 0.32,
      low_per_kwh: 0.24,
      high_hours: [
        { days: [1, 2, 3, 4, 5], from_hour: 7, to_hour: 20 },
        { days: [6], from_hour: 7, to_hour: 13 },
      ],
    },
    export_credit_per_kwh: 0.1,
    fixed_fee_per_month: 8,
    vat_pct: null,
  };
}

/** The `history` scenario's prices: one plan covering all of the history, a limit and a capacity rule. */
function scenarioTariffs(now: number): TariffSettings {
  return {
    plans: [
      {
        name: 'Home tariff',
        valid_from: dateInputValue(addMonths(startOfMonth(now), -3)),
        currency: 'CHF',
        energy: {
          kind: 'schedule',
          high_per_kwh: 0.315,
          low_per_kwh: 0.245,
          high_hours: [
            { days: [1, 2, 3, 4, 5], from_hour: 7, to_hour: 20 },
            { days: [6], from_hour: 7, to_hour: 13 },
          ],
        },
        export_credit_per_kwh: 0.12,
        fixed_fee_per_month: 9.5,
        vat_pct: 8.1,
      },
    ],
    quarter_limit_kw: 5,
    capacity: { floor_kw: 2.5, price_per_kw_year: 48.5 },
  };
}

const EMPTY: TariffSettings = { plans: [], quarter_limit_kw: null, capacity: null };

export const historyMock: MockFeature = (world) => {
  const s = world.state;
  const started = Date.now();
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  let tariffs: TariffSettings = world.scenario === 'history' && world.params.get('prices') !== 'none' ? scenarioTariffs(started) : structuredClone(EMPTY);
  const peakOver = world.params.get('peak') === 'over';
  const storeBroken = world.params.get('store') === 'broken';
  const noCard = world.params.get('sd') === 'none';
  let cancelChooser = world.params.get('chooser') === 'cancel';
  const histories = new Map<string, MeterHistory>();
  const backfills = new Map<string, number>();
  let hold: { on: boolean; release: (() => void) | null } = { on: false, release: null };
  let refuseNext: string | null = null;

  const feedFor = (id: string): FeedSpec => s.feeds[id] ?? { ...HOUSE_FEED, seed: parseInt(hash6(id), 16) % 97, todayImport: 2.4, todayExport: 0.9 };
  const profileFor = (m: MeterView): Profile => {
    const f = s.feeds[m.device_id];
    return {
      seed: f?.seed ?? parseInt(hash6(m.device_id), 16) % 97,
      baseKw: f?.baseLoadKw ?? 0.4,
      pvPeakKw: f ? f.pvPeakKw * 1.2 : 2.4,
      tariffs: f?.phases !== 1,
      story: m.device_id === HOUSE.device_id,
    };
  };
  /** A meter's history; an offline meter's ends with its last reading. */
  const historyOf = (m: MeterView): MeterHistory => {
    let h = histories.get(m.device_id);
    if (h === undefined) {
      const seen = m.last_seen === null ? started : Date.parse(m.last_seen);
      h = meterHistory(profileFor(m), started, m.online === false ? Math.min(started, seen) : started);
      histories.set(m.device_id, h);
    }
    return h;
  };
  const metersOf = (meter: string | null): MeterView[] => (meter === null ? s.meters : [world.meter(meter)]);
  const badRequest = (e: unknown): never => {
    if (e instanceof BadRequest) throw fail('invalid_input', e.message);
    throw e;
  };

  async function exportCsv(request: HistoryRequest, raw: boolean, channel: Channel<ExportProgress>): Promise<string | null> {
    await world.slow(250);
    if (cancelChooser) return null;
    if (request.meter === null) throw fail('invalid_input', 'choose a meter to export');
    const m = world.meter(request.meter);
    const h = historyOf(m);
    let rows: number;
    try {
      bucketOf({ ...request, bucket: request.bucket ?? '15m' });
      rows = raw
        ? quartersIn(h.quarters, Math.max(request.from_ms, started - (s.preferences.history_raw_days ?? 10) * 86_400_000), request.to_ms).reduce((n, q) => n + q.readings, 0)
        : answer([h], { ...request, bucket: request.bucket ?? '15m' }, tariffs, zone).buckets.length;
    } catch (e) {
      return badRequest(e);
    }
    if (rows === 0) throw fail('invalid_input', 'no history for this meter yet');
    let index = 0;
    const say = (message: ExportProgress) => runCallback(channel.id, { index: index++, message });
    for (const fraction of [0, 0.2, 0.45, 0.7, 0.9]) {
      say({ fraction, rows: Math.round(rows * fraction), done: false, file: null });
      if (fraction === 0.45 && hold.on) await new Promise<void>((r) => (hold.release = r));
      await sleep(220);
    }
    const file = `/home/anna/Documents/wattdesk-${m.device_id.toLowerCase()}-${raw ? 'readings' : 'history'}.csv`;
    say({ fraction: 1, rows, done: true, file });
    return file;
  }

  /** The meter's net power over the last `seconds`, from the same simulated meter the live feed streams. */
  function recent(deviceId: string, seconds: number): PowerPoint[] {
    const m = world.meter(deviceId);
    const f = feedFor(deviceId);
    const sim = new MeterSim({ seed: f.seed, phases: f.phases, pvPeakKw: f.pvPeakKw, baseLoadKw: f.baseLoadKw, importKwh: 0, exportKwh: 0, lagMs: 0 });
    const net = (t: number) => sim.phasePower(t).reduce((a, b) => a + b, 0);
    const span = Math.min(86_400, Math.max(60, seconds)) * 1000;
    const end = Date.now() - (f.lastReadingAgoMs ?? 0);
    if (m.online === false && f.lastReadingAgoMs === undefined) return [];
    const out: PowerPoint[] = [];
    if (span <= 3_600_000) {
      for (let t = end - span; t <= end; t += 1000) out.push({ t_ms: t, kw: Math.round(net(t) * 1000) / 1000 });
    } else {
      for (let t = Math.floor((end - span) / 60_000) * 60_000; t < end; t += 60_000) {
        let sum = 0;
        for (let k = 0; k < 6; k++) sum += net(t + k * 10_000);
        out.push({ t_ms: t + 30_000, kw: Math.round((sum / 6) * 1000) / 1000 });
      }
    }
    return out;
  }

  return {
    handlers: {
      history_query: async ({ request }) => {
        await world.slow(120);
        const ms = metersOf(request.meter);
        try {
          return answer(ms.map(historyOf), request, tariffs, zone);
        } catch (e) {
          return badRequest(e);
        }
      },
      history_status: async () => {
        await world.slow(30);
        const stored = s.meters.reduce((n, m) => n + historyOf(m).quarters.reduce((k, q) => k + q.readings, 0), 0);
        return {
          path: '/home/anna/.local/share/wattdesk/history.sqlite',
          problem: storeBroken ? 'new readings cannot be saved: the disk is full (/home/anna/.local/share/wattdesk/history.sqlite)' : null,
          raw_days: s.preferences.history_raw_days ?? 10,
          readings_stored: stored,
          readings_lost: storeBroken ? 1250 : 0,
          size_bytes: 48_234_496,
        };
      },
      history_peaks: async ({ meter }) => {
        await world.slow(80);
        const ms = metersOf(meter);
        const now = Date.now();
        const hs = ms.map(historyOf);
        const limit = tariffs.quarter_limit_kw ?? 5;
        // The import power now: the latest quarter's average.
        const latest = hs.reduce((kw, h) => kw + (h.quarters.length > 0 ? h.quarters[h.quarters.length - 1]!.imp * 4 : 0), 0);
        const p = peaks(hs, tariffs, now, latest);
        // The lever: the oven and the car charger just came on. Without it the quarter stays under the limit,
        // whatever the time of day (screenshots look alike).
        if (p.quarter !== null) {
          p.quarter = peakOver
            ? { ...p.quarter, projected_kw: limit * 1.24, limit_kw: limit, heading_over: true }
            : { ...p.quarter, projected_kw: Math.min(p.quarter.projected_kw, limit * 0.62), heading_over: false };
        }
        return p;
      },
      history_backfill: async ({ deviceId }) => {
        const m = world.meter(deviceId);
        await world.slow(900);
        if (m.online === false) throw fail('unreachable', `no answer from ${m.address}: connection timed out`);
        if (noCard) return { files_seen: 0, files_read: 0, rows: 0, applied: 0, already: 0, covered: 0, unfit: 0, note: 'the reader has no SD card (or it is not mounted)' };
        const h = historyOf(m);
        const runs = (backfills.get(deviceId) ?? 0) + 1;
        backfills.set(deviceId, runs);
        const applied = fillFromCard(h, profileFor(m));
        const already = 300 + (runs > 1 ? 270 : 0);
        return { files_seen: 31, files_read: runs === 1 ? 3 : 0, rows: runs === 1 ? 4320 : 0, applied, already, covered: runs === 1 ? 4320 - applied - 300 : 0, unfit: 0, note: null };
      },
      history_export: async ({ request, raw, onProgress }) => exportCsv(request, raw, onProgress as Channel<ExportProgress>),
      history_recent: async ({ deviceId, seconds }) => {
        await world.slow(60);
        return recent(deviceId, seconds);
      },
      tariffs: async () => {
        await world.slow(30);
        return structuredClone(tariffs);
      },
      set_tariffs: async ({ settings }) => {
        await world.slow(200);
        const problem = refuseNext ?? tariffProblem(settings);
        refuseNext = null;
        if (problem !== null) throw fail('invalid_input', problem);
        tariffs = structuredClone(settings);
        return structuredClone(tariffs);
      },
      example_tariff_plan: async () => {
        await world.slow(20);
        return examplePlan();
      },
    },
    testApi: {
      /** The next export stops at 45 % until `releaseExport()`. */
      holdExport() {
        hold = { on: true, release: null };
      },
      releaseExport() {
        const r = hold.release;
        hold = { on: false, release: null };
        r?.();
      },
      tariffSettings() {
        return structuredClone(tariffs);
      },
      /** The next `set_tariffs` is refused with this message (as the backend words a refusal). */
      refuseNextPrices(message: string) {
        refuseNext = message;
      },
      cancelSaveWindow(on: boolean) {
        cancelChooser = on;
      },
    },
  };
};

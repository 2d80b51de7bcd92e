// Shared sample data: the vitest tests build on it, and so does the mock backend (src/mock/devices.ts).
import type { DiscoveredView, HistoryAnswer, HistoryBucket, LiveSample, MeterView, TariffPlan } from './bindings';

export function discovered(over: Partial<DiscoveredView> = {}): DiscoveredView {
  return {
    device_id: 'ECC9FF5C7F14',
    instance_name: 'whatwatt-5C7F14',
    host_name: 'whatwatt-5C7F14.local',
    address: '192.168.1.50:80',
    addresses: ['192.168.1.50'],
    port: 80,
    firmware: '1.10.3',
    license: 'PLUS',
    meter_status: 'OK',
    model: 'whatwatt Go',
    needs_password: false,
    saved: false,
    demo: false,
    ...over,
  };
}

export function meter(over: Partial<MeterView> = {}): MeterView {
  return {
    device_id: 'ECC9FF5C7F14',
    name: 'House meter',
    host_name: 'whatwatt-5C7F14.local',
    address: '192.168.1.50:80',
    demo: false,
    has_password: false,
    online: true,
    connection: { state: 'live', transport: 'sse' },
    health: null,
    today: null,
    firmware: '1.10.3',
    license: 'PLUS',
    meter_status: 'OK',
    last_seen: '2026-03-12T10:00:00Z',
    moved_to: null,
    utc_offset_s: 3600,
    ...over,
  };
}

/** One live reading of a three-phase meter importing 1.2 kW. */
export function sample(over: Partial<LiveSample> = {}): LiveSample {
  return {
    transport: 'sse',
    device_ms: 1_000_000 - 40,
    received_ms: 1_000_000,
    report_id: 1,
    tariff: 1,
    power_import_kw: 1.2,
    power_export_kw: 0,
    power_l1_kw: 0.4,
    power_l2_kw: 0.5,
    power_l3_kw: 0.3,
    voltage_l1_v: 231,
    voltage_l2_v: 230,
    voltage_l3_v: 229,
    current_l1_a: 1.8,
    current_l2_a: 2.2,
    current_l3_a: 1.4,
    power_factor: 0.97,
    energy_import_kwh: 12_345.678,
    energy_import_t1_kwh: 8_000,
    energy_import_t2_kwh: 4_345.678,
    energy_export_kwh: 3_456.789,
    energy_export_t1_kwh: 3_000,
    energy_export_t2_kwh: 456.789,
    ...over,
  };
}

/** One quarter hour of history that imported 0.3 kWh and sent 0.1 kWh, from live readings. */
export function historyBucket(startMs: number, over: Partial<HistoryBucket> = {}): HistoryBucket {
  return {
    start_ms: startMs,
    end_ms: startMs + 900_000,
    import_kwh: 0.3,
    export_kwh: 0.1,
    import_t1_kwh: null,
    import_t2_kwh: null,
    export_t1_kwh: null,
    export_t2_kwh: null,
    power_mean_kw: 0.8,
    power_min_kw: 0.1,
    power_max_kw: 2.4,
    readings: 900,
    source: 'live',
    cost: null,
    ...over,
  };
}

/** A history answer of quarter hours with the totals of its buckets. */
export function historyAnswer(buckets: HistoryBucket[], over: Partial<HistoryAnswer> = {}): HistoryAnswer {
  const sum = (f: (b: HistoryBucket) => number | null) => buckets.reduce((a, b) => a + (f(b) ?? 0), 0);
  return {
    bucket: '15m',
    zone: 'Europe/Zurich',
    buckets,
    gaps: [],
    totals: {
      import_kwh: sum((b) => b.import_kwh),
      export_kwh: sum((b) => b.export_kwh),
      import_t1_kwh: null,
      import_t2_kwh: null,
      from_device_log: buckets.filter((b) => b.source !== 'live').length,
      costs: null,
    },
    ...over,
  };
}

/** A flat-priced plan in CHF from 1 March 2026. */
export function tariffPlan(over: Partial<TariffPlan> = {}): TariffPlan {
  return {
    name: 'Home',
    valid_from: '2026-03-01',
    currency: 'CHF',
    energy: { kind: 'flat', price_per_kwh: 0.3 },
    export_credit_per_kwh: 0.1,
    fixed_fee_per_month: 8,
    vat_pct: null,
    ...over,
  };
}

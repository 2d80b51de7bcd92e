import { describe, expect, it } from 'vitest';
import { sample } from '../../lib/testFixtures';
import { FeedModel, netPowerKw, phasesOf, S } from './feed';

describe('netPowerKw and phases', () => {
  it('is import minus export, or the phase sum', () => {
    expect(netPowerKw(sample({ power_import_kw: 0, power_export_kw: 2 }))).toBe(-2);
    expect(netPowerKw(sample({ power_import_kw: null, power_export_kw: null }))).toBeCloseTo(1.2);
    expect(
      netPowerKw(sample({ power_import_kw: null, power_export_kw: null, power_l1_kw: null, power_l2_kw: null, power_l3_kw: null })),
    ).toBeNull();
  });

  it('knows a single-phase meter', () => {
    const single = sample({ power_l2_kw: null, power_l3_kw: null, voltage_l2_v: null, voltage_l3_v: null, current_l2_a: null, current_l3_a: null });
    expect(phasesOf(single)).toEqual([1]);
    expect(phasesOf(sample())).toEqual([1, 2, 3]);
  });
});

describe('FeedModel', () => {
  it('stores readings, keeps the latest and measures device → receive latency', () => {
    const f = new FeedModel();
    f.ingest({ seq: 1, dropped: 0, samples: [sample({ received_ms: 1000, device_ms: 950 }), sample({ received_ms: 1200, device_ms: 1170 })] });
    f.ingest({ seq: 2, dropped: 0, samples: [sample({ received_ms: 1400, device_ms: null, power_import_kw: 0, power_export_kw: 0.5 })] });
    expect(f.latest?.received_ms).toBe(1400);
    expect(f.deviceToReceive.median()).toBe(40);
    const w = f.series.query({ from: 0, to: 2000, maxPoints: 100, series: [S.net, S.v1], gapMs: 20_000 });
    // Float32 storage: close, not exact.
    expect(w.y[0]!.map((v) => Math.round(v! * 1000) / 1000)).toEqual([1.2, 1.2, -0.5]);
    expect(w.y[1]).toEqual([231, 231, 231]);
    expect(f.version).toBe(2);
  });

  it('counts lost messages and dropped readings, per subscription numbering', () => {
    const f = new FeedModel();
    f.ingest({ seq: 1, dropped: 0, samples: [sample()] });
    f.ingest({ seq: 4, dropped: 3, samples: [sample()] });
    expect(f.lostMessages).toBe(2);
    expect(f.droppedReadings).toBe(3);
    f.resubscribed();
    expect(f.ingest({ seq: 1, dropped: 0, samples: [] })).toBe(false);
    expect(f.lostMessages).toBe(2);
  });

  it('measures receive → draw once per frame for the newest reading', () => {
    const f = new FeedModel();
    f.ingest({ seq: 1, dropped: 0, samples: [sample({ received_ms: 1000 }), sample({ received_ms: 1010 })] });
    f.drawn(1016);
    f.drawn(1032); // nothing new: not counted
    expect(f.receiveToDraw.size).toBe(1);
    expect(f.receiveToDraw.median()).toBe(6);
  });

  it('takes the past of a long window in front of the readings, once', () => {
    const f = new FeedModel();
    f.ingest({ seq: 1, dropped: 0, samples: [sample({ received_ms: 100_000 }), sample({ received_ms: 101_000 })] });
    const v = f.version;
    const past = [
      { t_ms: 40_000, kw: -0.5 },
      { t_ms: 70_000, kw: 0.25 },
      { t_ms: 100_500, kw: 9 },
    ];
    expect(f.fillPast(past)).toBe(2);
    expect(f.version).toBe(v + 1);
    expect(f.fillPast(past)).toBe(0);
    expect(f.version).toBe(v + 1);
    const w = f.series.query({ from: 0, to: 200_000, maxPoints: 100, series: [S.net, S.v1], gapMs: 60_000 });
    expect(w.y[0]!.map((x) => (x === null ? null : Math.round(x * 100) / 100))).toEqual([-0.5, 0.25, 1.2, 1.2]);
    expect(w.y[1]!.slice(0, 2)).toEqual([null, null]);
  });
});

import { describe, expect, it, vi } from 'vitest';
import type { DeviceMqttStatus, TransportFigures } from '../../lib/bindings';
import { comparisonProgress, formatBytes, formatClock, formatInterval, formatLatencyCell, orderedFigures } from './inspector';
import { pollMqttStatus } from './mqttStatus';

const fig = (transport: TransportFigures['transport']): TransportFigures => ({
  transport,
  readings: 1,
  mean_interval_s: null,
  bytes_per_reading: null,
  latency_ms_p50: null,
  errors: 0,
  last_error: null,
  note: null,
});

describe('inspector formatting', () => {
  it('formats the countdown as a clock', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(-3)).toBe('0:00');
    expect(formatClock(4.2)).toBe('0:05');
    expect(formatClock(60)).toBe('1:00');
    expect(formatClock(119.5)).toBe('2:00');
  });
  it('reports progress of a comparison', () => {
    expect(comparisonProgress(1000, 30, 1000)).toEqual({ fraction: 0, left: '0:30' });
    expect(comparisonProgress(1000, 30, 16_000)).toEqual({ fraction: 0.5, left: '0:15' });
    expect(comparisonProgress(1000, 30, 99_000)).toEqual({ fraction: 1, left: '0:00' });
  });
  it('formats cells', () => {
    expect(formatInterval(null)).toBe('—');
    expect(formatInterval(1.02)).toBe('1.0 s');
    expect(formatInterval(30)).toBe('30 s');
    expect(formatBytes(712)).toBe('712 B');
    expect(formatBytes(2710)).toBe('2.7 kB');
    expect(formatBytes(null)).toBe('—');
    expect(formatLatencyCell(412)).toBe('412 ms');
    expect(formatLatencyCell(null)).toBe('—');
  });
  it('orders rows SSE, polling, MQTT', () => {
    expect(orderedFigures([fig('mqtt'), fig('sse'), fig('poll')]).map((r) => r.transport)).toEqual(['sse', 'poll', 'mqtt']);
  });
});

describe('device MQTT status polling', () => {
  const st = (over: Partial<DeviceMqttStatus>): DeviceMqttStatus => ({ enabled: true, connected: false, plus: true, hints: [], ...over });
  const noSleep = () => Promise.resolve();

  it('stops when connected', async () => {
    const answers = [st({}), st({}), st({ connected: true })];
    const fetch = vi.fn(() => Promise.resolve(answers.shift()!));
    const progress: number[] = [];
    const out = await pollMqttStatus(fetch, { sleep: noSleep, onProgress: (s) => progress.push(s) });
    expect(out.kind).toBe('connected');
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(progress).toEqual([2, 4]);
  });
  it('times out after 30 s with the last hints', async () => {
    const fetch = vi.fn(() => Promise.resolve(st({ hints: ['unreachable'] })));
    const out = await pollMqttStatus(fetch, { sleep: noSleep });
    expect(out).toEqual({ kind: 'timeout', status: st({ hints: ['unreachable'] }), error: null });
    expect(fetch).toHaveBeenCalledTimes(16);
  });
  it('says when publishing is off, and keeps going through errors', async () => {
    expect((await pollMqttStatus(() => Promise.resolve(st({ enabled: false })), { sleep: noSleep })).kind).toBe('disabled');
    const out = await pollMqttStatus(() => Promise.reject({ code: 'timeout', message: 'no answer' }), { sleep: noSleep, timeoutMs: 4000 });
    expect(out).toEqual({ kind: 'timeout', status: null, error: 'no answer' });
  });
  it('stops when cancelled', async () => {
    const fetch = vi.fn(() => Promise.resolve(st({})));
    let n = 0;
    await pollMqttStatus(fetch, { sleep: noSleep, cancelled: () => ++n > 2 });
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});

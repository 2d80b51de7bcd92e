import { describe, expect, it } from 'vitest';
import type { HistoryAnswer, HistoryRequest } from '../../lib/bindings';
import { historyAnswer, historyBucket } from '../../lib/testFixtures';
import { HistoryData } from './history.svelte';

const req = (from: number): HistoryRequest => ({ meter: 'H', from_ms: from, to_ms: from + 86_400_000, bucket: '15m' });

/** A backend whose answers the test releases one by one. */
function backend() {
  const waiting: { r: HistoryRequest; answer: (a: HistoryAnswer) => void; fail: (e: unknown) => void }[] = [];
  const query = (r: HistoryRequest) => new Promise<HistoryAnswer>((answer, fail) => waiting.push({ r, answer, fail }));
  return { waiting, query };
}

describe('HistoryData', () => {
  it('shows the newest request only, with its comparison', async () => {
    const b = backend();
    const d = new HistoryData(b.query);
    const first = d.load(req(0), null);
    const second = d.load(req(1000), req(-1000));
    expect(d.loading).toBe(true);
    // The newer request answers first; the older one, late, is dropped.
    b.waiting[1]!.answer(historyAnswer([historyBucket(1000)]));
    b.waiting[2]!.answer(historyAnswer([]));
    await second;
    b.waiting[0]!.answer(historyAnswer([historyBucket(0), historyBucket(900_000)]));
    await first;
    expect(d.loading).toBe(false);
    expect(d.current?.request.from_ms).toBe(1000);
    expect(d.current?.answer.buckets).toHaveLength(1);
    expect(d.current?.previousRequest?.from_ms).toBe(-1000);
    expect(d.current?.previous?.buckets).toEqual([]);
  });

  it('keeps what it showed when a read fails, and says why', async () => {
    const b = backend();
    const d = new HistoryData(b.query);
    const ok = d.load(req(0), null);
    b.waiting[0]!.answer(historyAnswer([historyBucket(0)]));
    await ok;
    const bad = d.load(req(5), null);
    b.waiting[1]!.fail({ code: 'invalid_input', message: 'too many buckets' });
    await bad;
    expect(d.error).toEqual({ code: 'invalid_input', message: 'too many buckets' });
    expect(d.current?.request.from_ms).toBe(0);
    const again = d.load(req(0), null);
    b.waiting[2]!.answer(historyAnswer([]));
    await again;
    expect(d.error).toBeNull();
  });
});

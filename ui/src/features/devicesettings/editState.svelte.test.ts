import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SettingsEditRequest, SettingsReview, SettingsSaved, SettingsSnapshot } from '../../lib/bindings';
import { GroupEditor, REVIEW_DELAY_MS, type EditorBackend } from './editState.svelte';
import { fieldSpecs } from './mockCatalogue';

const fields = fieldSpecs();
const snapshot = (over: Record<string, boolean | number | string | null> = {}): SettingsSnapshot => ({
  group: 'device',
  values: { 'device.system.name': 'House', 'device.services.report_interval': 10, ...over },
  secrets: {},
});
const review = (over: Partial<SettingsReview> = {}): SettingsReview => ({ changes: [], problems: [], conflicts: [], notes: [], body_bytes: 0, ...over });

/** A backend whose answers the test chooses, recording every request. */
function fake() {
  const requests: SettingsEditRequest[] = [];
  const backend = {
    check: vi.fn(async (r: SettingsEditRequest) => {
      requests.push(r);
      return review();
    }),
    review: vi.fn(async (r: SettingsEditRequest) => {
      requests.push(r);
      return review();
    }),
    save: vi.fn(async (r: SettingsEditRequest): Promise<SettingsSaved> => {
      requests.push(r);
      return { outcome: 'nothing_to_save' };
    }),
    reload: vi.fn(async () => snapshot()),
  } satisfies EditorBackend;
  return { backend, requests };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('GroupEditor', () => {
  it('checks once the user paused typing, with the values read and the changes (the device is not asked)', async () => {
    const { backend, requests } = fake();
    const ed = new GroupEditor(snapshot(), fields, backend);
    ed.set('device.system.name', 'K');
    ed.set('device.system.name', 'Kitchen');
    expect(ed.changed).toBe(1);
    await vi.advanceTimersByTimeAsync(REVIEW_DELAY_MS - 1);
    expect(backend.check).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(backend.check).toHaveBeenCalledTimes(1);
    expect(backend.review).not.toHaveBeenCalled();
    expect(requests[0]).toEqual({
      group: 'device',
      base: { 'device.system.name': 'House', 'device.services.report_interval': 10 },
      edits: { 'device.system.name': 'Kitchen' },
      force: false,
    });
  });

  it('shows the problems and conflicts of the latest review only', async () => {
    const { backend } = fake();
    let answer!: (r: SettingsReview) => void;
    backend.check.mockImplementationOnce(() => new Promise<SettingsReview>((r) => (answer = r)));
    backend.check.mockImplementationOnce(async () => review({ problems: [{ key: 'device.services.report_interval', message: 'Report every: 1 to 3600 s, not 0', said: null }] }));
    const ed = new GroupEditor(snapshot(), fields, backend);
    ed.set('device.services.report_interval', 5);
    await vi.advanceTimersByTimeAsync(REVIEW_DELAY_MS);
    expect(ed.checking).toBe(true);
    ed.set('device.services.report_interval', 0);
    await vi.advanceTimersByTimeAsync(REVIEW_DELAY_MS);
    answer(review({ problems: [{ key: null, message: 'old', said: null }] }));
    await vi.runAllTimersAsync();
    expect(ed.problems).toEqual([{ key: 'device.services.report_interval', message: 'Report every: 1 to 3600 s, not 0', said: null }]);
    expect(ed.checking).toBe(false);
  });

  it('takes conflicts from the review against the device, not from the check as you type', async () => {
    const { backend } = fake();
    const conflicts = [{ key: 'device.services.report_interval', label: 'Report every', before: 10, after: 60, secret_action: null }];
    backend.review.mockResolvedValue(review({ conflicts }));
    backend.check.mockResolvedValue(review({ conflicts: [] }));
    const ed = new GroupEditor(snapshot(), fields, backend);
    ed.set('device.system.name', 'Kitchen');
    await ed.reviewNow();
    expect(ed.conflicts).toEqual(conflicts);
    ed.set('device.system.name', 'Kitchen 2');
    await vi.advanceTimersByTimeAsync(REVIEW_DELAY_MS);
    expect(backend.check).toHaveBeenCalledTimes(1);
    expect(ed.conflicts).toEqual(conflicts);
  });

  it('drops the review when the changes are taken back, and discards everything', async () => {
    const { backend } = fake();
    backend.check.mockResolvedValue(review({ problems: [{ key: null, message: 'too big', said: null }] }));
    const ed = new GroupEditor(snapshot(), fields, backend);
    ed.set('device.system.name', 'Kitchen');
    await vi.advanceTimersByTimeAsync(REVIEW_DELAY_MS);
    expect(ed.problems).toHaveLength(1);
    ed.set('device.system.name', 'House');
    expect(ed.changed).toBe(0);
    expect(ed.problems).toEqual([]);
    expect(ed.review).toBeNull();
    ed.set('device.system.name', 'Kitchen');
    ed.discard();
    await vi.runAllTimersAsync();
    expect(ed.edits).toEqual({});
    expect(backend.check).toHaveBeenCalledTimes(1);
  });

  it('takes what the device read back after a save', async () => {
    const { backend } = fake();
    const different = [{ key: 'device.services.report_interval', label: 'Report every', before: 0.5, after: 1, secret_action: null }];
    backend.save.mockResolvedValueOnce({ outcome: 'saved', sent: [], read_back: snapshot({ 'device.system.name': 'Kitchen', 'device.services.report_interval': 1 }), different });
    const ed = new GroupEditor(snapshot(), fields, backend);
    ed.set('device.system.name', 'Kitchen');
    const out = await ed.save();
    expect(out?.outcome).toBe('saved');
    expect(ed.edits).toEqual({});
    expect(ed.base['device.system.name']).toBe('Kitchen');
    expect(ed.notice).toEqual({ kind: 'saved', sent: [], different });
    await vi.runAllTimersAsync();
    expect(backend.check).not.toHaveBeenCalled();
  });

  it('keeps the changes when the save stops: rules, conflicts, refusals', async () => {
    const { backend } = fake();
    const ed = new GroupEditor(snapshot(), fields, backend);
    ed.set('device.services.modbus.port', 80);
    backend.save.mockResolvedValueOnce({ outcome: 'invalid', problems: [{ key: 'device.services.modbus.port', message: 'no', said: null }] });
    await ed.save();
    expect(ed.notice).toEqual({ kind: 'invalid' });
    expect(ed.problems).toHaveLength(1);

    const conflicts = [{ key: 'device.services.report_interval', label: 'Report every', before: 10, after: 60, secret_action: null }];
    backend.save.mockResolvedValueOnce({ outcome: 'conflict', conflicts });
    await ed.save();
    expect(ed.notice).toEqual({ kind: 'conflict' });
    expect(ed.conflicts).toEqual(conflicts);

    backend.save.mockResolvedValueOnce({ outcome: 'refused', key: 'device.services.modbus.port', message: 'port 80 is taken' });
    await ed.save(true);
    expect(backend.save.mock.calls.at(-1)?.[0].force).toBe(true);
    expect(ed.notice).toEqual({ kind: 'refused', key: 'device.services.modbus.port', message: 'port 80 is taken' });
    expect(ed.edits).toEqual({ 'device.services.modbus.port': 80 });
    // Editing another field keeps the refusal; editing the field it names clears it.
    ed.set('device.system.name', 'Kitchen');
    expect(ed.notice?.kind).toBe('refused');
    ed.set('device.services.modbus.port', 502);
    expect(ed.notice).toBeNull();
  });

  it('keeps why a save failed, and saves once at a time', async () => {
    const { backend } = fake();
    backend.save.mockRejectedValueOnce({ code: 'unreachable', message: 'no answer' });
    const ed = new GroupEditor(snapshot(), fields, backend);
    ed.set('device.system.name', 'Kitchen');
    expect(await ed.save()).toBeNull();
    expect(ed.saveError).toEqual({ code: 'unreachable', message: 'no answer' });
    const first = ed.save();
    expect(await ed.save()).toBeNull();
    await first;
    expect(backend.save).toHaveBeenCalledTimes(2);
  });

  it('reads the group again and keeps the changes that still differ', async () => {
    const { backend } = fake();
    backend.reload.mockResolvedValueOnce(snapshot({ 'device.services.report_interval': 60 }));
    const ed = new GroupEditor(snapshot(), fields, backend);
    ed.set('device.system.name', 'Kitchen');
    ed.set('device.services.report_interval', 60);
    ed.conflicts = [{ key: 'device.services.report_interval', label: 'Report every', before: 10, after: 60, secret_action: null }];
    await ed.reload();
    expect(ed.base['device.services.report_interval']).toBe(60);
    expect(ed.edits).toEqual({ 'device.system.name': 'Kitchen' });
    expect(ed.conflicts).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { discovered } from '../../lib/testFixtures';
import {
  activeCount,
  applyEvent,
  applySnapshot,
  emptyList,
  hostOf,
  ipAddresses,
  orderedEntries,
} from './discoveryList';

const a = discovered({ device_id: 'A', instance_name: 'a' });
const b = discovered({ device_id: 'B', instance_name: 'b' });
const c = discovered({ device_id: 'C', instance_name: 'c' });

describe('discovery list', () => {
  it('starts empty', () => {
    expect(orderedEntries(emptyList())).toEqual([]);
    expect(activeCount(emptyList())).toBe(0);
  });

  it('inserts found meters in first-seen order', () => {
    let l = applyEvent(emptyList(), { type: 'found', device: b });
    l = applyEvent(l, { type: 'found', device: a });
    expect(orderedEntries(l).map((e) => e.device.device_id)).toEqual(['B', 'A']);
    expect(activeCount(l)).toBe(2);
  });

  it('updates a meter found again in place, keeping its position', () => {
    let l = applyEvent(emptyList(), { type: 'found', device: a });
    l = applyEvent(l, { type: 'found', device: b });
    l = applyEvent(l, { type: 'found', device: { ...a, firmware: '2.0.0', saved: true } });
    const rows = orderedEntries(l);
    expect(rows.map((e) => e.device.device_id)).toEqual(['A', 'B']);
    expect(rows[0]?.device.firmware).toBe('2.0.0');
    expect(rows[0]?.device.saved).toBe(true);
  });

  it('marks lost meters gone and revives them when found again', () => {
    let l = applyEvent(emptyList(), { type: 'found', device: a });
    l = applyEvent(l, { type: 'lost', device_id: 'A' });
    expect(orderedEntries(l)[0]?.gone).toBe(true);
    expect(activeCount(l)).toBe(0);
    l = applyEvent(l, { type: 'found', device: a });
    expect(orderedEntries(l)[0]?.gone).toBe(false);
    expect(orderedEntries(l)).toHaveLength(1);
  });

  it('ignores lost events for unknown meters', () => {
    const l = applyEvent(emptyList(), { type: 'found', device: a });
    expect(applyEvent(l, { type: 'lost', device_id: 'nope' })).toBe(l);
  });

  it('takes the snapshot as the truth, then events on top', () => {
    let l = applyEvent(emptyList(), { type: 'found', device: c });
    l = applySnapshot(l, [a, b]);
    expect(orderedEntries(l).map((e) => e.device.device_id)).toEqual(['A', 'B']);
    l = applyEvent(l, { type: 'lost', device_id: 'B' });
    l = applyEvent(l, { type: 'found', device: c });
    expect(orderedEntries(l).map((e) => [e.device.device_id, e.gone])).toEqual([
      ['A', false],
      ['B', true],
      ['C', false],
    ]);
  });

  it('does not mutate its input', () => {
    const l0 = applySnapshot(emptyList(), [a]);
    const frozen = JSON.stringify(l0);
    applyEvent(l0, { type: 'found', device: b });
    applyEvent(l0, { type: 'lost', device_id: 'A' });
    expect(JSON.stringify(l0)).toBe(frozen);
  });
});

describe('addresses', () => {
  it('lists IPv4 before IPv6', () => {
    expect(ipAddresses(discovered({ addresses: ['fe80::1', '192.168.1.50'] }))).toEqual(['192.168.1.50', 'fe80::1']);
  });
  it('falls back to the host of address', () => {
    expect(ipAddresses(discovered({ addresses: [], address: '10.0.0.7:8080' }))).toEqual(['10.0.0.7']);
  });
  it('splits host:port', () => {
    expect(hostOf('127.0.0.1:8080')).toBe('127.0.0.1');
    expect(hostOf('[::1]:80')).toBe('::1');
    expect(hostOf('meter.local')).toBe('meter.local');
    expect(hostOf('fe80::1')).toBe('fe80::1');
  });
});

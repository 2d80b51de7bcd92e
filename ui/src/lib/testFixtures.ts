// Shared test data (imported by *.test.ts only).
import type { DiscoveredView, MeterView } from './bindings';

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
    ...over,
  };
}

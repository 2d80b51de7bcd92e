// The Discovery view's list: a snapshot plus live `found` / `lost` events, in first-seen order so rows
// never jump around. Pure functions over immutable values (easy to test, cheap to assign to $state).
import type { DiscoveredView, DiscoveryEvent } from '../../lib/bindings';

export interface DiscoveredEntry {
  device: DiscoveredView;
  /** A `lost` event arrived: the meter stopped announcing itself. A later `found` revives it. */
  gone: boolean;
  /** First-seen order; keeps rows stable when a meter's details change. */
  order: number;
}

export interface DiscoveryList {
  entries: readonly DiscoveredEntry[];
  nextOrder: number;
}

export function emptyList(): DiscoveryList {
  return { entries: [], nextOrder: 0 };
}

function upsert(list: DiscoveryList, device: DiscoveredView): DiscoveryList {
  const i = list.entries.findIndex((e) => e.device.device_id === device.device_id);
  if (i === -1) {
    return {
      entries: [...list.entries, { device, gone: false, order: list.nextOrder }],
      nextOrder: list.nextOrder + 1,
    };
  }
  const entries = list.entries.slice();
  const old = entries[i] as DiscoveredEntry;
  entries[i] = { device, gone: false, order: old.order };
  return { entries, nextOrder: list.nextOrder };
}

/** The backend's snapshot is authoritative: meters missing from it are dropped. */
export function applySnapshot(list: DiscoveryList, snapshot: readonly DiscoveredView[]): DiscoveryList {
  const ids = new Set(snapshot.map((d) => d.device_id));
  let next: DiscoveryList = {
    entries: list.entries.filter((e) => ids.has(e.device.device_id)),
    nextOrder: list.nextOrder,
  };
  for (const device of snapshot) next = upsert(next, device);
  return next;
}

export function applyEvent(list: DiscoveryList, event: DiscoveryEvent): DiscoveryList {
  switch (event.type) {
    case 'found':
      return upsert(list, event.device);
    case 'lost': {
      const i = list.entries.findIndex((e) => e.device.device_id === event.device_id);
      if (i === -1) return list;
      const entries = list.entries.slice();
      entries[i] = { ...(entries[i] as DiscoveredEntry), gone: true };
      return { entries, nextOrder: list.nextOrder };
    }
  }
}

/** Entries in first-seen order. */
export function orderedEntries(list: DiscoveryList): DiscoveredEntry[] {
  return [...list.entries].sort((a, b) => a.order - b.order);
}

/** How many meters are currently announcing themselves. */
export function activeCount(list: DiscoveryList): number {
  return list.entries.filter((e) => !e.gone).length;
}

/** IPs to show for a discovered meter: its announced addresses, else the host part of `address`. */
export function ipAddresses(device: DiscoveredView): string[] {
  if (device.addresses.length > 0) {
    // IPv4 first: that is what people recognise from their router.
    return [...device.addresses].sort((a, b) => Number(a.includes(':')) - Number(b.includes(':')));
  }
  return [hostOf(device.address)];
}

/** `host` of a `host:port` string (IPv6 in brackets supported). */
export function hostOf(address: string): string {
  if (address.startsWith('[')) {
    const end = address.indexOf(']');
    return end === -1 ? address : address.slice(1, end);
  }
  const colon = address.lastIndexOf(':');
  if (colon !== -1 && address.indexOf(':') === colon) return address.slice(0, colon);
  return address;
}

// The mock backend's preferences: read and save the user's choices. A new time zone starts "today so far"
// again now, in that zone (as the backend does), and sends `meters-changed`.
import { dayStartNow } from '../live/mockFeeds';
import type { MockFeature } from '../../mock/world';

export const settingsMock: MockFeature = (world) => {
  const s = world.state;
  return {
    handlers: {
      preferences: async () => {
        await world.slow(20);
        return structuredClone(s.preferences);
      },
      set_preferences: async (args) => {
        await world.slow(150);
        const next = structuredClone(args.preferences);
        if (next.time_zone !== s.preferences.time_zone) {
          s.meters = s.meters.map((m) => {
            const f = s.feeds[m.device_id];
            return f && m.today !== null ? { ...m, today: dayStartNow(f, next.time_zone) } : m;
          });
          s.preferences = next;
          world.emitMeters();
        }
        return structuredClone(next);
      },
    },
  };
};

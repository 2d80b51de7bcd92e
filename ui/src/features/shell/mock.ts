// The mock backend's app-wide commands: facts about this installation.
import type { MockFeature } from '../../mock/world';

export const shellMock: MockFeature = (world) => ({
  handlers: {
    app_info: async () => {
      await world.slow(20);
      return structuredClone(world.state.info);
    },
  },
});

// The mock backend's app-wide commands: facts about this installation.
import type { Language } from '../../lib/bindings';
import type { MockFeature } from '../../mock/world';

export const shellMock: MockFeature = (world) => ({
  handlers: {
    // `?lang=de` picks the language the way the computer's locale would; `&format=de-DE` its formats.
    app_locale: async () => {
      const params = new URLSearchParams(window.location.search);
      const defaults: Record<Language, string> = { en: 'en-GB', de: 'de-CH', fr: 'fr-CH', it: 'it-CH' };
      const asked = params.get('lang');
      const system = asked !== null && asked in defaults ? (asked as Language) : null;
      const language: Language = world.state.preferences.language ?? system ?? 'en';
      return {
        language,
        format_tag: params.get('format') ?? defaults[language],
        system: params.get('lang'),
        choice: world.state.preferences.language,
      };
    },
    // The desktop around the window: a tray exists unless `?tray=none`; start at login is remembered.
    tray_available: async () => new URLSearchParams(window.location.search).get('tray') !== 'none',
    start_at_login: async () => ({ enabled: world.state.startAtLogin }),
    set_start_at_login: async (args) => {
      world.state.startAtLogin = args.enabled;
      return { enabled: args.enabled };
    },
    live_paused: async () => world.state.livePaused,
    set_live_paused: async (args) => {
      world.state.livePaused = args.paused;
      return args.paused;
    },
    app_info: async () => {
      await world.slow(20);
      return structuredClone(world.state.info);
    },
  },
});

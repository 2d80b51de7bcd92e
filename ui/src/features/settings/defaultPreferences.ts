// The app's choices before the backend's saved ones are read (the backend's `Preferences::default()`),
// also what the mock backend starts with.
import type { Preferences } from '../../lib/bindings';

export const DEFAULT_PREFERENCES: Readonly<Preferences> = {
  time_zone: 'computer',
  history_raw_days: null,
  language: null,
  on_close: 'keep_running',
  close_explained: false,
  notifications: { offline: false, offline_minutes: 10, low_voltage: false, low_voltage_volts: 207, stream_taken: false, peak: false },
};

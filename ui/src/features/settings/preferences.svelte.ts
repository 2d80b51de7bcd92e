// The user's choices (Settings), loaded once at start: which time zone every time on screen is shown in (and
// "today" is cut in, by the backend): this computer's, or each meter's own clock; and how many days of
// full-rate readings the history keeps.
import type { AppError, TimeZoneChoice } from '../../lib/bindings';
import { toAppError } from '../../lib/errors';
import { ipc } from '../../lib/ipc';
import { zoneFor, type TimeZone } from '../../lib/time';

class PreferencesStore {
  timeZone = $state<TimeZoneChoice>('computer');
  /** Days of full-rate readings kept (`null`: the default, 10). */
  historyRawDays = $state<number | null>(null);
  /** The saved preferences were read (until then the defaults apply). */
  loaded = $state(false);
  error = $state.raw<AppError | null>(null);

  async load(): Promise<void> {
    try {
      const p = await ipc.preferences();
      this.timeZone = p.time_zone;
      this.historyRawDays = p.history_raw_days;
      this.loaded = true;
      this.error = null;
    } catch (reason) {
      this.error = toAppError(reason);
    }
  }

  /** Saves the choice (the backend starts "today" again in that zone). Rejects with an AppError. */
  async setTimeZone(choice: TimeZoneChoice): Promise<void> {
    const saved = await ipc.setPreferences({ time_zone: choice, history_raw_days: this.historyRawDays });
    this.timeZone = saved.time_zone;
    this.loaded = true;
  }

  /** Saves how many days of full-rate readings the history keeps. Rejects with an AppError. */
  async setHistoryRawDays(days: number | null): Promise<void> {
    const saved = await ipc.setPreferences({ time_zone: this.timeZone, history_raw_days: days });
    this.historyRawDays = saved.history_raw_days;
  }

  /** The zone a meter's times are shown in, from its clock offset (MeterView.utc_offset_s). */
  zoneFor(meterOffsetS: number | null): TimeZone {
    return zoneFor(this.timeZone, meterOffsetS);
  }
}

export const preferences = new PreferencesStore();

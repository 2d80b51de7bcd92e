// The user's choices (Settings), loaded once at start: which time zone every time on screen is shown in (and
// "today" is cut in, by the backend): this computer's, or each meter's own clock; how many days of
// full-rate readings the history keeps; the language; what closing the window does; which desktop
// notifications to show. Every save sends the whole set with one field changed, so no choice is lost.
import type { AppError, Preferences, TimeZoneChoice } from '../../lib/bindings';
import { toAppError } from '../../lib/errors';
import { ipc } from '../../lib/ipc';
import { zoneFor, type TimeZone } from '../../lib/time';
import { DEFAULT_PREFERENCES } from './defaultPreferences';

class PreferencesStore {
  all = $state<Preferences>(structuredClone(DEFAULT_PREFERENCES));
  timeZone = $derived(this.all.time_zone);
  /** Days of full-rate readings kept (`null`: the default, 10). */
  historyRawDays = $derived(this.all.history_raw_days);
  /** The saved preferences were read (until then the defaults apply). */
  loaded = $state(false);
  error = $state.raw<AppError | null>(null);

  async load(): Promise<void> {
    try {
      this.all = await ipc.preferences();
      this.loaded = true;
      this.error = null;
    } catch (reason) {
      this.error = toAppError(reason);
    }
  }

  /** Saves the set with `change` applied and keeps what the backend stored. Rejects with an AppError. */
  async update(change: Partial<Preferences>): Promise<Preferences> {
    const saved = await ipc.setPreferences({ ...$state.snapshot(this.all), ...change });
    this.all = saved;
    this.loaded = true;
    return saved;
  }

  /** Saves the choice (the backend starts "today" again in that zone). Rejects with an AppError. */
  async setTimeZone(choice: TimeZoneChoice): Promise<void> {
    await this.update({ time_zone: choice });
  }

  /** Saves how many days of full-rate readings the history keeps. Rejects with an AppError. */
  async setHistoryRawDays(days: number | null): Promise<void> {
    await this.update({ history_raw_days: days });
  }

  /** The zone a meter's times are shown in, from its clock offset (MeterView.utc_offset_s). */
  zoneFor(meterOffsetS: number | null): TimeZone {
    return zoneFor(this.timeZone, meterOffsetS);
  }
}

export const preferences = new PreferencesStore();

// Labels that change with time ("Updated 7 s ago", "retrying in 12 s", "2 min ago"). The component says what
// it shows now and in how many ms that may read differently; the label wakes up only then (not every second),
// never while the window is hidden (it catches up when shown again), and the DOM is touched only when the
// text really changed.
import { page } from './visibility.svelte';

export interface TimedValue<T> {
  value: T;
  /** In how many ms `value` may change with time alone (Infinity: only when its inputs change). */
  nextChangeMs: number;
}

/** Timers shorter than this are not worth it; longer than this are cut (setTimeout's 32-bit limit). */
const MIN_WAIT_MS = 20;
const MAX_WAIT_MS = 2 ** 31 - 1;

/**
 * A value computed from the time and reactive inputs. Call during a component's initialisation (it owns
 * effects); read `.current` in the markup.
 */
export function timed<T>(compute: (nowMs: number) => TimedValue<T>): { readonly current: T } {
  let wake = $state(0);
  const result = $derived.by(() => {
    void wake;
    return compute(Date.now());
  });
  $effect(() => {
    const wait = result.nextChangeMs;
    if (!page.visible || !Number.isFinite(wait)) return;
    const id = setTimeout(() => wake++, Math.min(MAX_WAIT_MS, Math.max(MIN_WAIT_MS, Math.ceil(wait))));
    return () => clearTimeout(id);
  });
  $effect(() =>
    page.onChange((visible) => {
      if (visible) wake++;
    }),
  );
  return {
    get current() {
      return result.value;
    },
  };
}

/** Milliseconds to the next whole second since `sinceMs` (a countdown started then changes there). */
export function untilNextSecond(nowMs: number, sinceMs: number): number {
  const into = (((nowMs - sinceMs) % 1000) + 1000) % 1000;
  return 1000 - into;
}

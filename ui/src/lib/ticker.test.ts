import { describe, expect, it } from 'vitest';
import { untilNextSecond } from './ticker.svelte';

// `timed` itself runs in the window (its effects need Svelte's client runtime): the view tests see labels
// change; what decides when they wake up is tested here and next to each label (units.test.ts,
// time.test.ts, live/freshness.test.ts).
describe('countdowns', () => {
  it('change on whole seconds from when the state arrived', () => {
    expect(untilNextSecond(10_250, 10_000)).toBe(750);
    expect(untilNextSecond(11_000, 10_000)).toBe(1000);
    expect(untilNextSecond(9_999, 10_000)).toBe(1);
  });
});

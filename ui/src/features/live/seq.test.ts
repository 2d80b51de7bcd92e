import { describe, expect, it } from 'vitest';
import { SeqTracker } from './seq';

describe('SeqTracker', () => {
  it('counts nothing for 1, 2, 3', () => {
    const s = new SeqTracker();
    expect([1, 2, 3].map((n) => s.accept(n))).toEqual([0, 0, 0]);
    expect(s.lost).toBe(0);
  });

  it('counts the messages a jump skipped', () => {
    const s = new SeqTracker();
    expect([1, 2, 5, 6, 8].map((n) => s.accept(n))).toEqual([0, 0, 2, 0, 1]);
    expect(s.lost).toBe(3);
  });

  it('notices a first message that is not 1', () => {
    const s = new SeqTracker();
    expect(s.accept(3)).toBe(2);
  });

  it('ignores repeats and starts over after a reset', () => {
    const s = new SeqTracker();
    s.accept(1);
    s.accept(2);
    expect(s.accept(2)).toBe(0);
    s.reset();
    expect(s.accept(1)).toBe(0);
    expect(s.lost).toBe(0);
  });
});

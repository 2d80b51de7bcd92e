import { describe, expect, it } from 'vitest';
import { breadcrumbs, cardProblem, deleteQuestion, humanSize, noCardText, parentPath } from './sdcard';

describe('the SD card in words', () => {
  it('says sizes as file managers do', () => {
    expect(humanSize(0)).toBe('0 B');
    expect(humanSize(812)).toBe('812 B');
    expect(humanSize(4100)).toBe('4.1 kB');
    expect(humanSize(171_234)).toBe('171 kB');
    expect(humanSize(1_572_864)).toBe('1.6 MB');
    expect(humanSize(-1)).toBe('—');
  });

  it('finds the way up and the folders on the way', () => {
    expect(breadcrumbs('')).toEqual([{ label: 'SD card', path: '' }]);
    expect(breadcrumbs('2026/logs/')).toEqual([
      { label: 'SD card', path: '' },
      { label: '2026', path: '2026/' },
      { label: 'logs', path: '2026/logs/' },
    ]);
    expect(parentPath('2026/logs/')).toBe('2026/');
    expect(parentPath('2026/')).toBe('');
    expect(parentPath('')).toBe('');
  });

  it('names what a delete removes', () => {
    expect(deleteQuestion({ name: '20260312.CSV', path: '2026/20260312.CSV', is_dir: false, size: 1 })).toBe('Delete 20260312.CSV?');
    expect(deleteQuestion({ name: '2025', path: '2025/', is_dir: true, size: 0 })).toBe('Delete the folder 2025 and everything in it?');
  });

  it('explains a card the reader cannot read', () => {
    expect(cardProblem({ code: 'service_unavailable', message: '503' })).toEqual({ title: noCardText(), noCard: true });
    expect(noCardText()).toMatch(/Insert a FAT32 card and restart the reader/);
    expect(cardProblem({ code: 'unreachable', message: 'x' }).noCard).toBe(false);
  });
});

// A one-second clock for live labels ("2 s ago", "retrying in 12 s"). It only ticks while something on
// screen reads it (createSubscriber starts and stops the interval with its readers).
import { createSubscriber } from 'svelte/reactivity';

class Ticker {
  #subscribe = createSubscriber((update) => {
    const id = setInterval(update, 1000);
    return () => clearInterval(id);
  });

  /** Date.now(), re-read every second by whoever shows it. */
  get now(): number {
    this.#subscribe();
    return Date.now();
  }
}

export const ticker = new Ticker();

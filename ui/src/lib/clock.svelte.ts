// A coarse clock for "2 min ago" labels: ticks every 20 s while the app is open.
class Clock {
  now = $state(Date.now());

  constructor() {
    setInterval(() => {
      this.now = Date.now();
    }, 20_000);
  }
}

export const clock = new Clock();

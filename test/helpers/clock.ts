import type { Clock } from '../../src/domain/types.ts';

/** A clock tests move by hand: no sleeps, no real time. */
export class TestClock implements Clock {
  private at: number;
  constructor(start: string | Date = '2026-03-02T07:00:00Z') {
    this.at = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.at);
  }
  set(at: string | Date): void {
    this.at = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.at += ms;
  }
}

import { describe, expect, it } from 'vitest';
import {
  defaultTimes,
  isFirstOfDay,
  latestDueBetween,
  localDate,
  nextDueAfter,
  normaliseTime,
  parseDays,
  type ScheduleSpec,
  splitTimes,
  zonedMidnight,
} from '../../src/domain/schedule.ts';

const amsterdam: ScheduleSpec = { tz: 'Europe/Amsterdam', times: defaultTimes() };

describe('schedule maths', () => {
  it('uses 08:00, 12:30, 17:00 on weekdays and 10:00 at weekends by default', () => {
    // Friday 2026-03-06 17:30 CET → Saturday 10:00 CET = 09:00 UTC.
    expect(nextDueAfter(amsterdam, new Date('2026-03-06T16:30:00Z'))?.toISOString()).toBe(
      '2026-03-07T09:00:00.000Z',
    );
    // Monday 07:00 CET → 08:00 CET.
    expect(nextDueAfter(amsterdam, new Date('2026-03-02T06:00:00Z'))?.toISOString()).toBe(
      '2026-03-02T07:00:00.000Z',
    );
    expect(nextDueAfter(amsterdam, new Date('2026-03-02T07:00:00Z'))?.toISOString()).toBe(
      '2026-03-02T11:30:00.000Z',
    );
  });

  it('keeps local times across the spring DST change', () => {
    // Europe moves to CEST on Sunday 2026-03-29: Monday 08:00 is now 06:00 UTC.
    expect(nextDueAfter(amsterdam, new Date('2026-03-29T08:00:00Z'))?.toISOString()).toBe(
      '2026-03-30T06:00:00.000Z',
    );
    // The Sunday checkpoint itself: 10:00 CEST = 08:00 UTC.
    expect(nextDueAfter(amsterdam, new Date('2026-03-29T00:00:00Z'))?.toISOString()).toBe(
      '2026-03-29T08:00:00.000Z',
    );
  });

  it('moves a time that does not exist (DST gap) to the first valid time, and runs a repeated time once', () => {
    const night: ScheduleSpec = {
      tz: 'Europe/Amsterdam',
      times: { ...defaultTimes(), sun: ['02:30'] },
    };
    expect(nextDueAfter(night, new Date('2026-03-28T23:00:00Z'))?.toISOString()).toBe(
      '2026-03-29T01:00:00.000Z',
    );
    const first = nextDueAfter(night, new Date('2026-10-24T22:00:00Z'))!;
    expect(first.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(nextDueAfter(night, first)?.toISOString()).toBe('2026-10-26T07:00:00.000Z');
  });

  it('follows US DST in another zone', () => {
    const ny: ScheduleSpec = { tz: 'America/New_York', times: defaultTimes() };
    // US DST starts 2026-03-08: Friday 08:00 EST = 13:00Z, Monday 08:00 EDT = 12:00Z.
    expect(nextDueAfter(ny, new Date('2026-03-06T12:00:00Z'))?.toISOString()).toBe(
      '2026-03-06T13:00:00.000Z',
    );
    expect(nextDueAfter(ny, new Date('2026-03-09T11:00:00Z'))?.toISOString()).toBe(
      '2026-03-09T12:00:00.000Z',
    );
  });

  it('finds the one latest missed checkpoint after downtime', () => {
    const due = latestDueBetween(
      amsterdam,
      new Date('2026-03-02T06:00:00Z'),
      new Date('2026-03-04T12:00:00Z'),
    );
    expect(due?.toISOString()).toBe('2026-03-04T11:30:00.000Z');
    expect(
      latestDueBetween(
        amsterdam,
        new Date('2026-03-04T11:30:00Z'),
        new Date('2026-03-04T12:00:00Z'),
      ),
    ).toBeNull();
    // Exactly at the due time counts.
    expect(
      latestDueBetween(
        amsterdam,
        new Date('2026-03-04T11:00:00Z'),
        new Date('2026-03-04T11:30:00Z'),
      )?.toISOString(),
    ).toBe('2026-03-04T11:30:00.000Z');
  });

  it('returns null for an empty schedule', () => {
    const none: ScheduleSpec = {
      tz: 'UTC',
      times: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
    };
    expect(nextDueAfter(none, new Date())).toBeNull();
  });

  it('computes local dates and day starts in the zone', () => {
    expect(localDate(new Date('2026-03-29T23:30:00Z'), 'Europe/Amsterdam')).toBe('2026-03-30');
    expect(zonedMidnight('2026-03-29', 'Europe/Amsterdam').toISOString()).toBe(
      '2026-03-28T23:00:00.000Z',
    );
    expect(zonedMidnight('2026-03-30', 'Europe/Amsterdam').toISOString()).toBe(
      '2026-03-29T22:00:00.000Z',
    );
    expect(zonedMidnight('2026-11-01', 'America/New_York').toISOString()).toBe(
      '2026-11-01T04:00:00.000Z',
    );
  });

  it('knows the first checkpoint of a day', () => {
    expect(isFirstOfDay(amsterdam, new Date('2026-03-02T07:00:00Z'))).toBe(true);
    expect(isFirstOfDay(amsterdam, new Date('2026-03-02T11:30:00Z'))).toBe(false);
  });

  it('parses day lists', () => {
    expect(parseDays('mon-fri')).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
    expect(parseDays('sat,sun')).toEqual(['sat', 'sun']);
    expect(parseDays('fri-mon')).toEqual(['mon', 'fri', 'sat', 'sun']);
    expect(parseDays('weekdays')).toHaveLength(5);
    expect(parseDays('someday')).toBeNull();
  });

  it('reads times of day as people type them', () => {
    const read: [string, string][] = [
      ['08:00', '08:00'],
      ['8:00', '08:00'],
      ['8', '08:00'],
      ['8am', '08:00'],
      ['8 AM', '08:00'],
      ['8 a.m.', '08:00'],
      ['8:30 pm', '20:30'],
      ['8:30pm', '20:30'],
      ['12am', '00:00'],
      ['12pm', '12:00'],
      ['12:15 am', '00:15'],
      ['0800', '08:00'],
      ['830', '08:30'],
      ['1730', '17:30'],
      ['8.30', '08:30'],
      ['17.00', '17:00'],
      ['17u', '17:00'],
      ['17h30', '17:30'],
      ['23:59', '23:59'],
    ];
    for (const [typed, time] of read) expect(normaliseTime(typed), typed).toBe(time);
    for (const typed of [
      '25:99',
      '24:00',
      '13pm',
      '0am',
      '8:60',
      '8:3',
      'noon',
      '17.5',
      '12345',
      '',
    ])
      expect(normaliseTime(typed), typed).toBeNull();
  });

  it('splits a typed list of times, keeping am/pm with its time', () => {
    expect(splitTimes('8:30 pm, 17:00 9am;12:30')).toEqual(['8:30 pm', '17:00', '9am', '12:30']);
    expect(splitTimes('8 am 5 pm')).toEqual(['8 am', '5 pm']);
    expect(splitTimes('  ')).toEqual([]);
  });
});

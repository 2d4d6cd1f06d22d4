import { describe, expect, it } from 'vitest';
import { periodStart } from '../../src/alerts/report.ts';
import { referencePeriodStart } from '../support/reference.ts';

/**
 * Period starts worked out by hand from a calendar (ISO weeks start on Monday 00:00 UTC, months
 * on the 1st 00:00 UTC): the weekday of each date below was read off a calendar, not computed.
 */
const WEEKS: [string, string, string][] = [
  ['a Monday at 00:00 starts its own week', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z'],
  ['the last millisecond of a year, a Sunday', '2023-12-31T23:59:59.999Z', '2023-12-25T00:00:00.000Z'],
  ['a new year on a Wednesday belongs to the week begun in December', '2025-01-01T08:00:00.000Z', '2024-12-30T00:00:00.000Z'],
  ['a Sunday of ISO week 53 (2020-W53 runs into 2021)', '2021-01-03T23:59:59.000Z', '2020-12-28T00:00:00.000Z'],
  ['the next Monday starts 2021-W01', '2021-01-04T00:00:00.000Z', '2021-01-04T00:00:00.000Z'],
  ['a leap day, a Thursday', '2024-02-29T12:00:00.000Z', '2024-02-26T00:00:00.000Z'],
  ['the Sunday after a leap day, in March', '2024-03-03T23:59:59.999Z', '2024-02-26T00:00:00.000Z'],
  ['March 1st of a common year, a Wednesday', '2023-03-01T00:00:00.000Z', '2023-02-27T00:00:00.000Z'],
  ['the Unix epoch, a Thursday: the week starts in 1969', '1970-01-01T00:00:00.000Z', '1969-12-29T00:00:00.000Z'],
];

const MONTHS: [string, string, string][] = [
  ['the last millisecond of a leap day', '2024-02-29T23:59:59.999Z', '2024-02-01T00:00:00.000Z'],
  ['March 1st after a leap day', '2024-03-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z'],
  ['the end of February in a common year', '2023-02-28T23:59:59.999Z', '2023-02-01T00:00:00.000Z'],
  ['the last millisecond of a year', '2023-12-31T23:59:59.999Z', '2023-12-01T00:00:00.000Z'],
  ['the first instant of a year', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z'],
  ['February 29th of 2000 (a leap year, divisible by 400)', '2000-02-29T06:00:00.000Z', '2000-02-01T00:00:00.000Z'],
];

describe.each([
  ['the report (periodStart)', periodStart],
  ['the tests\' reference (referencePeriodStart)', referencePeriodStart],
])('period starts of %s', (_name, start) => {
  it.each(WEEKS)('WEEK: %s', (_case, time, expected) => {
    expect(new Date(start('WEEK', Date.parse(time))).toISOString()).toBe(expected);
  });

  it.each(MONTHS)('MONTH: %s', (_case, time, expected) => {
    expect(new Date(start('MONTH', Date.parse(time))).toISOString()).toBe(expected);
  });
});

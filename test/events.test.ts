import { describe, expect, it } from 'vitest';
import { repositoryFromName, toAlertRecord } from '../src/alerts/model.ts';
import { AlertEvents, SlowSubscriberError, type AlertChange } from '../src/events.ts';

function change(number: number, state: 'open' | 'resolved' = 'open'): AlertChange {
  const record = toAlertRecord(
    { number, state, created_at: '2026-11-01T00:00:00Z', updated_at: '2026-11-02T00:00:00Z', secret: 'ghp_shhh' } as never,
    repositoryFromName('acme-corp', 'docs', 'https://github.com'),
  );
  return { action: state === 'open' ? 'CREATED' : 'RESOLVED', record, occurredAt: '2026-11-02T00:00:00Z', source: 'WEBHOOK' };
}

describe('AlertEvents', () => {
  it('closes a subscriber that falls behind instead of buffering without bound', async () => {
    const events = new AlertEvents({ maxQueuedPerSubscriber: 3 });
    const changes = events.subscribe(() => true);
    for (let number = 1; number <= 5; number += 1) events.publish(change(number));
    expect(events.subscriberCount).toBe(0);
    const received: number[] = [];
    await expect(
      (async () => {
        for await (const next of changes) received.push(next.record.alert.number ?? 0);
      })(),
    ).rejects.toBeInstanceOf(SlowSubscriberError);
    expect(received).toEqual([1, 2, 3]);
  });

  it('never publishes the secret value, and drops a change that repeats the alert’s last published state', async () => {
    const events = new AlertEvents();
    const controller = new AbortController();
    const changes = events.subscribe(() => true, controller.signal);
    expect(events.publish(change(7, 'resolved'))).toBe(true);
    expect(events.publish(change(7, 'resolved'))).toBe(false);
    expect(events.publish(change(7, 'open'))).toBe(true);
    controller.abort();
    const received: AlertChange[] = [];
    for await (const next of changes) received.push(next);
    expect(received.map((next) => next.record.alert.state)).toEqual(['resolved', 'open']);
    expect(received.every((next) => next.record.alert.secret === undefined)).toBe(true);
  });
});

import { redact } from '../logger.ts';

/**
 * Label values that come from outside the gateway's code (operation names chosen by clients,
 * webhook event names): each metric series costs memory on every scrape for good, so a value
 * must look like a name, must not be shaped like a credential, and only the first `max`
 * distinct ones get a series of their own; the rest share "other".
 */
export class BoundedLabels {
  private readonly seen = new Set<string>();

  constructor(
    private readonly max: number,
    private readonly shape: RegExp,
  ) {}

  label(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max || !this.shape.test(value) || redact(value) !== value) return 'other';
    this.seen.add(value);
    return value;
  }
}

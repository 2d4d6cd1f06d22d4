import { eventually } from './eventually.ts';
import type { Harness } from './harness.ts';

/** Waits until every organization's first sync has ended (READY, or FAILED when GitHub refuses it). */
export async function synced(h: Harness, headers: Record<string, string> = {}): Promise<Record<string, string>> {
  const states = async () => {
    const result = await h.query('{ syncStatus { login state } }', {}, headers);
    return Object.fromEntries(result.data!.syncStatus.map((status: any) => [status.login, status.state as string]));
  };
  return eventually(states, (now) => Object.keys(now).length > 0 && Object.values(now).every((state) => state === 'READY' || state === 'FAILED'));
}

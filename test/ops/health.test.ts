import { describe, expect, it } from 'vitest';
import { useSharedHarness } from '../support/harness.ts';

describe('GET /health and GET /ready', () => {
  const harness = useSharedHarness();
  const get = (path: string, init: RequestInit = {}) => fetch(new URL(path, harness().gateway.url), init);

  it('/health: 200 while the process runs', async () => {
    expect((await get('/health')).status).toBe(200);
  });

  it('/ready: 200 once nothing the gateway needs is still getting ready', async () => {
    const response = await get('/ready');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ status: 'ready' });
  });

  it('/ready: 503 while a component is getting ready (the index migrating, say), naming it', async () => {
    const { readiness } = harness().gateway;
    const migrated = readiness.waitFor('index migrations');
    const warmed = readiness.waitFor('cache warm-up');
    const waiting = await get('/ready');
    expect(waiting.status).toBe(503);
    expect(await waiting.json()).toEqual({ status: 'starting', waitingFor: ['index migrations', 'cache warm-up'] });
    migrated();
    expect(await (await get('/ready')).json()).toEqual({ status: 'starting', waitingFor: ['cache warm-up'] });
    warmed();
    expect((await get('/ready')).status).toBe(200);
  });

  it('/ready and /metrics only answer GET and HEAD', async () => {
    expect((await get('/ready', { method: 'HEAD' })).status).toBe(200);
    const post = await get('/ready', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});

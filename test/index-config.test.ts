import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('index settings', () => {
  it('defaults to the embedded index under ./data, synced every minute within half the rate limit', () => {
    const config = loadConfig({});
    expect(config.index).toEqual({ kind: 'embedded', dataDir: './data' });
    expect(config.sync).toEqual({ intervalSeconds: 60, budgetShare: 0.5, reconcileHours: 24 });
  });

  it('takes a PostgreSQL URL, off, a data directory and sync settings', () => {
    expect(loadConfig({ GATEWAY_INDEX: 'postgres://gw:pw@db.internal/index' }).index).toEqual({ kind: 'postgres', url: 'postgres://gw:pw@db.internal/index' });
    expect(loadConfig({ GATEWAY_INDEX: 'off' }).index).toEqual({ kind: 'off' });
    expect(loadConfig({ GATEWAY_DATA_DIR: '/var/lib/gateway' }).index).toEqual({ kind: 'embedded', dataDir: '/var/lib/gateway' });
    expect(loadConfig({ GATEWAY_SYNC_INTERVAL_SECONDS: '300', GATEWAY_SYNC_BUDGET_PERCENT: '20', GATEWAY_SYNC_RECONCILE_HOURS: '168' }).sync).toEqual({ intervalSeconds: 300, budgetShare: 0.2, reconcileHours: 168 });
  });

  it('refuses invalid values with one line naming the variable, never echoing a connection URL', () => {
    const message = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        if (error instanceof ConfigError) return error.message;
      }
      return null;
    };
    expect(message({ GATEWAY_INDEX: 'mysql://u:hunter2@db/x' })).toBe('GATEWAY_INDEX must be embedded, off or a postgres:// URL');
    expect(message({ GATEWAY_SYNC_INTERVAL_SECONDS: '1' })).toMatch(/^GATEWAY_SYNC_INTERVAL_SECONDS must be an integer from 5/);
    expect(message({ GATEWAY_SYNC_BUDGET_PERCENT: '0' })).toMatch(/^GATEWAY_SYNC_BUDGET_PERCENT must be an integer from 1 to 100/);
    expect(message({ GATEWAY_SYNC_RECONCILE_HOURS: 'daily' })).toMatch(/^GATEWAY_SYNC_RECONCILE_HOURS must be an integer/);
  });
});

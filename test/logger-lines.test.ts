import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';

const CLASSIC = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2';
const FINE_GRAINED = 'github_pat_' + '11ABCDEFG0123456789_abcdefghijklmnop';
const INSTALLATION = 'ghs_' + 'Z9y8X7w6V5u4T3s2R1q0';

describe('createLogger', () => {
  const capture = (level: Parameters<typeof createLogger>[0]) => {
    const lines: string[] = [];
    return { logger: createLogger(level, (line) => lines.push(line)), lines };
  };

  it('writes one JSON line per call: time, level as a string, message, fields', () => {
    const { logger, lines } = capture('info');
    logger.info('listening', { port: 4000 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ level: 'info', message: 'listening', port: 4000 });
    expect(new Date(line.time).toISOString()).toBe(line.time);
  });

  it('drops lines below the level and writes audit lines at any level', () => {
    const { logger, lines } = capture('error');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    logger.audit({ action: 'secret_scanning_alert.update', outcome: 'success' });
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ level: 'error', message: 'e' }),
      expect.objectContaining({ level: 'audit', message: 'audit', action: 'secret_scanning_alert.update', outcome: 'success' }),
    ]);
  });

  it('redacts every line, messages and fields alike', () => {
    const { logger, lines } = capture('debug');
    logger.warn(`upstream said ${CLASSIC}`, { header: `Bearer ${FINE_GRAINED}`, nested: { token: INSTALLATION } });
    logger.audit({ actor: 'key:ops', note: CLASSIC });
    const written = lines.join('\n');
    for (const secret of [CLASSIC, FINE_GRAINED, INSTALLATION]) expect(written).not.toContain(secret);
    expect(lines.map((line) => JSON.parse(line).level)).toEqual(['warn', 'audit']);
  });
});

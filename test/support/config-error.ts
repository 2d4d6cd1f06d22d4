import { expect } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

/** The one-line message loadConfig stops with (server.ts prints it after "Configuration error: "). */
export function errorOf(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const { message } = error as ConfigError;
    expect(message.split('\n')).toHaveLength(1);
    return message;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

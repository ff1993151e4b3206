import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, PlatformConfig } from '../src/config/config.ts';

describe('config from the environment', () => {
  it('applies defaults when a variable is unset, and freezes the result', () => {
    const config = loadConfig(PlatformConfig, {});
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.COMPTOIR_DATABASE_URL).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('converts numbers and booleans from their text form', () => {
    const config = loadConfig(PlatformConfig, { PORT: '8101', LOG_PRETTY: 'false', BODY_LIMIT: '2048' });
    expect(config.PORT).toBe(8101);
    expect(config.LOG_PRETTY).toBe(false);
    expect(config.BODY_LIMIT).toBe(2048);
  });

  it('refuses to start with a message naming every bad variable', () => {
    let error: unknown;
    try {
      loadConfig(PlatformConfig, { PORT: 'eighty', COMPTOIR_REDIS_URL: 'localhost:6379', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('PORT');
    expect(message).toContain('"eighty"');
    expect(message).toContain('COMPTOIR_REDIS_URL');
    expect(message).toContain('LOG_LEVEL');
  });

  it('names a bad secret without repeating its value', () => {
    const Own = Type.Object({ A_SECRET: Type.String({ minLength: 32, writeOnly: true }) });
    expect(() => loadConfig(Own, { A_SECRET: 'hunter2-too-short' })).toThrow(/A_SECRET: .*\(value hidden\)/);
    expect(() => loadConfig(Own, { A_SECRET: 'hunter2-too-short' })).not.toThrow(/hunter2/);
  });

  it('reads only the variables the schema declares', () => {
    const Own = Type.Object({ SEARCH_LIMIT: Type.Integer({ default: 50 }) });
    const config = loadConfig(Own, { SEARCH_LIMIT: '10', UNRELATED: 'x' });
    expect(config).toEqual({ SEARCH_LIMIT: 10 });
  });
});

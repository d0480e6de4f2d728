// Runs the README's examples that use RedisCache (see test/readme.test.ts for the others) against this
// file's own Redis server, given to them as REDIS_URL.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectations, needsRedis, print, readmeExamples, removeExampleFolder, writeExample } from '../readme-examples';
import { redisSuite } from './helpers';

const redis = redisSuite();

beforeAll(() => {
  vi.stubEnv('REDIS_URL', redis.server.url);
});
afterAll(() => {
  vi.unstubAllEnvs();
  removeExampleFolder('redis');
});

describe('README examples that use Redis (ts)', () => {
  const all = readmeExamples('ts').filter(needsRedis);
  it('has one', () => {
    expect(all.length).toBeGreaterThanOrEqual(1);
  });
  it.each(all)('the example at README.md line $line prints what its comments say', async (example) => {
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      printed.push(print(args));
    });
    await import(/* @vite-ignore */ writeExample(example, 'ts', 'redis'));
    expect(printed).toEqual(expectations(example.code));
  });
});

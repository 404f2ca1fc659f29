import { afterEach } from 'vitest';
import { startTestApp, type TestApp } from './test-support';

type StartOptions = Parameters<typeof startTestApp>[0];

/** For a test file: starts real apps on demand and closes each of them after its test. */
export function useTestApps(): (options?: StartOptions) => Promise<TestApp> {
  const started: TestApp[] = [];
  afterEach(async () => {
    for (const app of started.splice(0)) await app.close();
  });
  return async (options) => {
    const app = await startTestApp(options);
    started.push(app);
    return app;
  };
}

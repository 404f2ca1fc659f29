import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogging, formatForTerminal, LOG_FILE_BASENAME, type Logging } from './logging';
import { pathWithoutQuery, scrubText } from './logging-redact';

const SECRET = 'a3f9c1d2e4b5a6c7d8e9f0a1b2c3d4e5';

let tempDirs: string[] = [];
let open: Logging[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'quantdesk-logging-'));
  tempDirs.push(dir);
  return dir;
}

async function makeLogging(options: Parameters<typeof createLogging>[0] = {}): Promise<Logging> {
  const logging = await createLogging(options);
  open.push(logging);
  return logging;
}

function readLogFiles(dir: string): string {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.log'))
    .map((name) => readFileSync(join(dir, name), 'utf8'))
    .join('');
}

afterEach(async () => {
  await Promise.all(open.map((logging) => logging.close()));
  open = [];
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs = [];
});

describe('log ring', () => {
  it('keeps only the newest entries up to its capacity', async () => {
    const { logger, ring } = await makeLogging({ ringCapacity: 10 });
    for (let index = 0; index < 25; index++) logger.info(`line ${index}`);
    expect(ring.size).toBe(10);
    const entries = ring.tail({ limit: 100 });
    expect(entries.map((entry) => entry.message)).toEqual(Array.from({ length: 10 }, (_, index) => `line ${index + 15}`));
    expect(entries.map((entry) => entry.seq)).toEqual(Array.from({ length: 10 }, (_, index) => index + 16));
  });

  it('filters by level, search and limit, oldest first', async () => {
    const { logger, ring } = await makeLogging({ level: 'debug' });
    logger.debug('warming up');
    logger.info({ symbol: 'NVDA' }, 'import started');
    logger.warn('slow query');
    logger.error({ symbol: 'GOOG' }, 'import failed');

    expect(ring.tail({ minLevel: 'warn' }).map((entry) => entry.message)).toEqual(['slow query', 'import failed']);
    expect(ring.tail({ search: 'IMPORT' }).map((entry) => entry.message)).toEqual(['import started', 'import failed']);
    // Search looks into fields too.
    expect(ring.tail({ search: 'goog' }).map((entry) => entry.message)).toEqual(['import failed']);
    expect(ring.tail({ limit: 2 }).map((entry) => entry.message)).toEqual(['slow query', 'import failed']);
    expect(ring.tail({ minLevel: 'trace' })).toHaveLength(4);
  });

  it('shapes entries as LogEntry with source and worker pid', async () => {
    const { logger, ring } = await makeLogging();
    logger.info({ rows: 12 }, 'main line');
    logger.child({ source: 'worker', pid: 4242 }).warn({ jobId: 'j1' }, 'from worker');

    const [mainEntry, workerEntry] = ring.tail();
    expect(mainEntry).toMatchObject({ level: 'info', message: 'main line', source: 'main', fields: { rows: 12 } });
    expect(mainEntry!.pid).toBeUndefined();
    expect(Number.isNaN(Date.parse(mainEntry!.time))).toBe(false);
    expect(workerEntry).toMatchObject({ level: 'warn', message: 'from worker', source: 'worker', pid: 4242, fields: { jobId: 'j1' } });
  });

  it('announces appended entries and stops when unsubscribed or detached', async () => {
    const { logger, ring } = await makeLogging();
    const seen: string[] = [];
    const unsubscribe = ring.onAppend((entry) => seen.push(entry.message));
    logger.info('one');
    unsubscribe();
    logger.info('two');
    expect(seen).toEqual(['one']);

    const detach = ring.attach();
    expect(ring.isAttached).toBe(true);
    detach();
    expect(ring.isAttached).toBe(false);
    logger.info('three');
    expect(ring.tail().map((entry) => entry.message)).toEqual(['one', 'two']);

    ring.attach();
    logger.info('four');
    expect(ring.tail().map((entry) => entry.message)).toEqual(['one', 'two', 'four']);
  });

  it('does not recurse when a listener logs', async () => {
    const { logger, ring } = await makeLogging();
    let calls = 0;
    ring.onAppend(() => {
      calls += 1;
      logger.info('logged by a listener');
    });
    logger.info('outer');
    expect(calls).toBe(1);
    expect(ring.size).toBe(2);
  });
});

describe('redaction', () => {
  it('keeps tokens and secrets out of the file and the ring', async () => {
    const dir = tempDir();
    const { logger, ring, close } = await makeLogging({ logDir: dir });
    logger.info({ token: SECRET, nested: { deeper: { Authorization: `Bearer ${SECRET}`, password: SECRET } } }, 'fields');
    logger.info({ headers: [{ cookie: SECRET }], api_key: SECRET, clientSecret: SECRET }, 'arrays and spellings');
    logger.info(`GET http://127.0.0.1:5173/api/events?token=${SECRET} 200`);
    logger.info({ url: `http://127.0.0.1:5173/?token=${SECRET}` }, 'url field');
    logger.info({ header: `Bearer ${SECRET}` }, 'bearer in text');
    logger.child({ token: SECRET }).info('binding');
    logger.error(new Error(`request to http://localhost/x?token=${SECRET} failed`), 'error object');
    await close();

    const fileText = readLogFiles(dir);
    const ringText = JSON.stringify(ring.tail());
    for (const text of [fileText, ringText]) {
      expect(text).not.toContain(SECRET);
      expect(text).toContain('[redacted]');
      expect(text).toContain('http://127.0.0.1:5173/api/events?[redacted]');
    }
    expect(fileText.trim().split('\n')).toHaveLength(7);
  });

  it('scrubs URLs and assignments in text and strips queries from paths', () => {
    expect(scrubText('see https://host/a/b?token=abc&x=1#frag')).toBe('see https://host/a/b?[redacted]#frag');
    expect(scrubText('password=hunter2 ok')).toBe('password=[redacted] ok');
    expect(scrubText('plain text')).toBe('plain text');
    expect(pathWithoutQuery('/api/events?token=abc')).toBe('/api/events');
    expect(pathWithoutQuery('/health/live')).toBe('/health/live');
  });
});

describe('log files', () => {
  it('rotates by size and keeps a bounded number of files', async () => {
    const dir = tempDir();
    const logging = await makeLogging({ logDir: dir, maxFileSize: '1k', maxFiles: 2 });
    const filler = 'x'.repeat(300);
    // Bursts of four lines (over 1k), each written out before the next, so the file rolls
    // once per burst rather than once for the lot.
    const logInBursts = async ({ logger, flush }: Logging, message: string) => {
      for (let index = 0; index < 40; index++) {
        logger.info({ index, filler }, message);
        if (index % 4 === 3) await flush();
      }
    };
    await logInBursts(logging, 'filler');
    await logging.close();
    const logFiles = () => readdirSync(dir).filter((name) => name.startsWith(LOG_FILE_BASENAME) && name.endsWith('.log'));
    // pino-roll prunes as it rolls; the file just opened may not be counted yet.
    expect(logFiles().length).toBeGreaterThanOrEqual(2);
    expect(logFiles().length).toBeLessThanOrEqual(3);
    expect(logFiles()).not.toContain(`${LOG_FILE_BASENAME}.1.log`);

    // A restart continues in the same folder and still keeps the total bounded.
    const again = await makeLogging({ logDir: dir, maxFileSize: '1k', maxFiles: 2 });
    await logInBursts(again, 'filler again');
    await again.close();
    expect(logFiles().length).toBeLessThanOrEqual(3);
    expect(readLogFiles(dir)).toContain('filler again');
  });

  it('keeps logging to the ring after close', async () => {
    const dir = tempDir();
    const { logger, ring, close } = await makeLogging({ logDir: dir });
    await close();
    expect(() => logger.warn('late line')).not.toThrow();
    expect(ring.tail().at(-1)?.message).toBe('late line');
  });
});

describe('entries from earlier runs', () => {
  const messages = (logging: Logging) => logging.ring.tail({ limit: 1000 }).map((entry) => entry.message);

  it('starts the ring with what was logged before a restart, then what follows, in order', async () => {
    const dir = tempDir();
    const first = await makeLogging({ logDir: dir });
    first.logger.info({ symbol: 'NVDA' }, 'before 1');
    first.logger.child({ source: 'worker', pid: 4242 }).error({ token: SECRET }, 'before 2');
    const liveEntries = first.ring.tail();
    await first.close();

    const second = await makeLogging({ logDir: dir });
    second.logger.info('after 1');
    expect(messages(second)).toEqual(['before 1', 'before 2', 'after 1']);
    const [earlier1, earlier2, later] = second.ring.tail();
    // Exactly as they looked live (already redacted when written), numbered on from 1.
    expect([earlier1, earlier2]).toEqual(liveEntries);
    expect(JSON.stringify(earlier2)).not.toContain(SECRET);
    expect(later!.seq).toBe(3);
    expect(second.ring.tail({ search: 'nvda' }).map((entry) => entry.message)).toEqual(['before 1']);
  });

  it("skips a line a crash cut short, and keeps the next run's first entry whole", async () => {
    const dir = tempDir();
    const first = await makeLogging({ logDir: dir });
    first.logger.info('before the crash');
    await first.close();
    appendFileSync(join(dir, `${LOG_FILE_BASENAME}.1.log`), '{"level":50,"time":"2026-01-02T03:04:05.000Z","msg":"the cr');

    const second = await makeLogging({ logDir: dir });
    second.logger.info('after the crash');
    expect(messages(second)).toEqual(['before the crash', 'after the crash']);
    await second.close();

    const third = await makeLogging({ logDir: dir });
    expect(messages(third)).toEqual(['before the crash', 'after the crash']);
  });

  it('keeps the newest entries up to its capacity, across rolled files', async () => {
    const dir = tempDir();
    const options = { logDir: dir, ringCapacity: 10, maxFileSize: '1k', maxFiles: 5 };
    const first = await makeLogging(options);
    const filler = 'x'.repeat(300);
    for (let index = 0; index < 12; index++) {
      first.logger.info({ filler }, `line ${index}`);
      // Written out every few lines, so the file rolls in between.
      if (index % 4 === 3) await first.flush();
    }
    await first.close();
    expect(readdirSync(dir).length).toBeGreaterThan(1);

    const second = await makeLogging(options);
    expect(messages(second)).toEqual(Array.from({ length: 10 }, (_, index) => `line ${index + 2}`));
    second.logger.info('new');
    expect(second.ring.size).toBe(10);
    expect(messages(second)).toEqual([...Array.from({ length: 9 }, (_, index) => `line ${index + 3}`), 'new']);
  });
});

describe('terminal echo', () => {
  it('formats a JSON line as one readable line', () => {
    const line = JSON.stringify({ level: 40, time: '2026-01-02T03:04:05.000Z', source: 'worker', pid: 7, msg: 'slow', ms: 12 });
    expect(formatForTerminal(line)).toBe('2026-01-02T03:04:05.000Z WARN worker[7]: slow {"ms":12}\n');
    expect(formatForTerminal('not json')).toBe('not json\n');
    const withError = JSON.stringify({ level: 50, time: 't', msg: 'failed', err: { message: 'disk full', stack: 'Error: disk full\n  at x' } });
    expect(formatForTerminal(withError)).toBe('t ERROR main: failed: disk full\n');
  });
});

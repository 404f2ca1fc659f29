import { beforeEach, describe, expect, it } from 'vitest';
import { useNoticesStore } from './notices-store';

const queueFull = { kind: 'queue_full', message: 'The job queue is full.' } as const;
const unreachable = { kind: 'unavailable', message: "Cannot reach Quantdesk's host." } as const;

function shown() {
  return useNoticesStore.getState().notices.map((notice) => [notice.title, notice.count]);
}

beforeEach(() => useNoticesStore.setState({ notices: [] }));

describe('notices', () => {
  it('counts a notice raised again and moves it to the newest place', () => {
    const { pushError } = useNoticesStore.getState();
    pushError(queueFull, 'Could not start the backtest');
    pushError(unreachable, 'Could not load jobs');
    pushError(queueFull, 'Could not start the backtest');
    expect(shown()).toEqual([
      ['Could not load jobs', 1],
      ['Could not start the backtest', 2],
    ]);
  });

  it('keeps the newest four', () => {
    const { pushError } = useNoticesStore.getState();
    for (const title of ['a', 'b', 'c', 'd', 'e']) pushError(queueFull, title);
    expect(shown().map(([title]) => title)).toEqual(['b', 'c', 'd', 'e']);
  });
});

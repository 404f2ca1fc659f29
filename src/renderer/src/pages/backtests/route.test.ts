import { describe, expect, it } from 'vitest';
import { hashFor, routeFromHash, type BacktestsRoute } from './route';

describe('backtests routes', () => {
  it('reads every address the area has', () => {
    expect(routeFromHash('#/backtests')).toEqual({ view: 'list', tab: 'runs' });
    expect(routeFromHash('#/sweeps')).toEqual({ view: 'list', tab: 'sweeps' });
    expect(routeFromHash('#/backtests/new')).toEqual({ view: 'new', mode: 'run' });
    expect(routeFromHash('#/backtests/bt_1')).toEqual({ view: 'run', id: 'bt_1' });
    expect(routeFromHash('#/compare/a,b,c')).toEqual({ view: 'compare', ids: ['a', 'b', 'c'] });
    expect(routeFromHash('#/sweeps/sw_1')).toEqual({ view: 'sweep', id: 'sw_1' });
  });

  it('round-trips', () => {
    const routes: BacktestsRoute[] = [{ view: 'list', tab: 'runs' }, { view: 'list', tab: 'sweeps' }, { view: 'run', id: 'x y' }, { view: 'compare', ids: ['a', 'b'] }, { view: 'new', mode: 'sweep' }];
    for (const route of routes) {
      expect(routeFromHash(hashFor(route))).toEqual(route);
    }
  });
});

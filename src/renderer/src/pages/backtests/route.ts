import { useEffect, useState } from 'react';

/** The list's two tabs: runs, or sweeps. */
export type ListTab = 'runs' | 'sweeps';

/** Where the Backtests area is: the list (on one of its tabs), the form, a run, a comparison or a sweep. */
export type BacktestsRoute =
  | { view: 'list'; tab: ListTab }
  | { view: 'new'; mode: 'run' | 'sweep' }
  | { view: 'run'; id: string }
  | { view: 'compare'; ids: string[] }
  | { view: 'sweep'; id: string };

export function routeFromHash(hash: string): BacktestsRoute {
  const [section, rest = ''] = hash.replace(/^#\/?/, '').split(/\/(.*)/s);
  const argument = decodeURIComponent(rest);
  if (section === 'compare') {
    const ids = argument.split(',').filter(Boolean);
    return ids.length > 0 ? { view: 'compare', ids } : { view: 'list', tab: 'runs' };
  }
  if (section === 'sweeps') return argument ? { view: 'sweep', id: argument } : { view: 'list', tab: 'sweeps' };
  if (section === 'backtests' && argument === 'new') return { view: 'new', mode: 'run' };
  if (section === 'backtests' && argument === 'new-sweep') return { view: 'new', mode: 'sweep' };
  if (section === 'backtests' && argument) return { view: 'run', id: argument };
  return { view: 'list', tab: 'runs' };
}

export function hashFor(route: BacktestsRoute): string {
  switch (route.view) {
    case 'list':
      return route.tab === 'sweeps' ? '#/sweeps' : '#/backtests';
    case 'new':
      return route.mode === 'sweep' ? '#/backtests/new-sweep' : '#/backtests/new';
    case 'run':
      return `#/backtests/${encodeURIComponent(route.id)}`;
    case 'compare':
      return `#/compare/${route.ids.map(encodeURIComponent).join(',')}`;
    case 'sweep':
      return `#/sweeps/${encodeURIComponent(route.id)}`;
  }
}

export function goTo(route: BacktestsRoute): void {
  window.location.hash = hashFor(route);
}

export function useBacktestsRoute(): BacktestsRoute {
  const [route, setRoute] = useState(() => routeFromHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(routeFromHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

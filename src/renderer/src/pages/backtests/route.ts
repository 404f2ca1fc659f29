import { useEffect, useState } from 'react';

/** Where the Backtests area is: the list, the form, a run, a comparison or a sweep. */
export type BacktestsRoute =
  | { view: 'list' }
  | { view: 'new'; mode: 'run' | 'sweep' }
  | { view: 'run'; id: string }
  | { view: 'compare'; ids: string[] }
  | { view: 'sweep'; id: string };

export function routeFromHash(hash: string): BacktestsRoute {
  const [section, rest = ''] = hash.replace(/^#\/?/, '').split(/\/(.*)/s);
  const argument = decodeURIComponent(rest);
  if (section === 'compare') {
    const ids = argument.split(',').filter(Boolean);
    return ids.length > 0 ? { view: 'compare', ids } : { view: 'list' };
  }
  if (section === 'sweeps' && argument) return { view: 'sweep', id: argument };
  if (section === 'backtests' && argument === 'new') return { view: 'new', mode: 'run' };
  if (section === 'backtests' && argument === 'new-sweep') return { view: 'new', mode: 'sweep' };
  if (section === 'backtests' && argument) return { view: 'run', id: argument };
  return { view: 'list' };
}

export function hashFor(route: BacktestsRoute): string {
  switch (route.view) {
    case 'list':
      return '#/backtests';
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

import { BacktestForm } from './backtest-form';
import { BacktestList } from './backtest-list';
import { CompareView } from './compare-view';
import { RunDetail } from './run-detail';
import { SweepDetail } from './sweep-detail';
import { useBacktestsRoute } from './route';
import './backtests.css';

/** The Backtests area: one page whose address picks the view. */
export function BacktestsPage() {
  const route = useBacktestsRoute();
  switch (route.view) {
    case 'new':
      return <BacktestForm key={route.mode} initialMode={route.mode} />;
    case 'run':
      return <RunDetail key={route.id} id={route.id} />;
    case 'compare':
      return <CompareView key={route.ids.join(',')} ids={route.ids} />;
    case 'sweep':
      return <SweepDetail key={route.id} id={route.id} />;
    case 'list':
      return <BacktestList tab={route.tab} />;
  }
}

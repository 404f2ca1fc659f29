import { useEffect } from 'react';
import { ConnectionBanner } from './components/connection-banner';
import { Sidebar } from './components/sidebar';
import { StatusBar } from './components/status-bar';
import { Toasts } from './components/toasts';
import { BacktestsPage } from './pages/backtests/backtests-page';
import { DataPage } from './pages/data/data-page';
import { JobsPage } from './pages/jobs/jobs-page';
import { LogsPage } from './pages/logs/logs-page';
import { SettingsPage } from './pages/settings/settings-page';
import { useNavigationStore } from './stores/navigation-store';
import { useSystemStore } from './stores/system-store';

/** A file dropped outside a drop target must not replace the app with the file. */
function preventFileNavigation(event: DragEvent): void {
  event.preventDefault();
}

export function App() {
  const page = useNavigationStore((state) => state.page);
  const syncFromHash = useNavigationStore((state) => state.syncFromHash);
  const isHostLost = useSystemStore((state) => state.lostContactAt !== null);

  useEffect(() => {
    const onHashChange = () => syncFromHash(window.location.hash);
    window.addEventListener('hashchange', onHashChange);
    window.addEventListener('dragover', preventFileNavigation);
    window.addEventListener('drop', preventFileNavigation);
    return () => {
      window.removeEventListener('hashchange', onHashChange);
      window.removeEventListener('dragover', preventFileNavigation);
      window.removeEventListener('drop', preventFileNavigation);
    };
  }, [syncFromHash]);

  return (
    <div className="app">
      <Sidebar />
      <ConnectionBanner isLost={isHostLost} />
      <main className="app__main" key={page} data-stale={isHostLost || undefined}>
        {page === 'jobs' && <JobsPage />}
        {page === 'backtests' && <BacktestsPage />}
        {page === 'data' && <DataPage />}
        {page === 'logs' && <LogsPage />}
        {page === 'settings' && <SettingsPage />}
      </main>
      <StatusBar />
      <Toasts />
    </div>
  );
}

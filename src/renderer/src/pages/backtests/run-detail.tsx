import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { STAT_KEYS, type BacktestDetail, type BacktestSeries, type BacktestStats, type BacktestSummary } from '../../../../shared/backtest';
import type { ErrorBody } from '../../../../shared/errors';
import { StatusChip } from '../../components/status-chip';
import { formatDateTime, formatParams } from '../../format/format';
import { useBacktestsStore } from '../../stores/backtests-store';
import { requestCommand, runCommand } from '../../stores/command';
import { DrawdownChart, EquityChart } from './charts';
import { FullRunOffer } from './full-run-offer';
import { fractionAsPct, rangeText } from './compare-config';
import { downloadText, fileStem, tradesToCsv } from './export';
import { goTo } from './route';
import { formatStat, formatStatCard, KEY_STATS, STAT_SPECS, statTone } from './stats';
import { TradesTable, type SymbolTrade } from './trades-table';
import { WarningsCallout } from '../../components/warnings-callout';

/** The combined account's series key, when the host stores one. */
export const COMBINED = '*';

export function CorruptState({ message, onDelete }: { message: string; onDelete?: () => void }) {
  return (
    <div className="callout callout--danger corrupt-state" data-testid="corrupt-state" role="alert">
      <h3>This run’s stored results are unreadable</h3>
      <p>{message}</p>
      <p>The rest of your runs are unaffected. Re-run the backtest from its config to get a fresh result{onDelete ? ', or delete this one.' : '.'}</p>
      {onDelete && (
        <button type="button" className="button button--small button--danger" onClick={onDelete}>
          Delete this run
        </button>
      )}
    </div>
  );
}

/** A sweep cell is its sweep's, deleted with it and not on its own: a cell missing would change the sweep's heatmap and best. */
function SweepCellNotice({ run, sweepId }: { run: BacktestDetail; sweepId: string }) {
  return (
    <div className="callout callout--neutral sweep-cell-notice" data-testid="sweep-cell-notice">
      This run is one cell of a sweep of {run.strategy} over {run.symbols.join(', ')}; it is deleted with its sweep, not on its own.{' '}
      <button type="button" className="link-button" data-testid="open-sweep" onClick={() => goTo({ view: 'sweep', id: sweepId })}>
        Open the sweep →
      </button>
    </div>
  );
}

function StatCards({ stats }: { stats: BacktestStats | null }) {
  return (
    <div className="stat-cards">
      {KEY_STATS.map((key) => {
        const value = stats?.[key] ?? null;
        const tone = statTone(key, value);
        const card = formatStatCard(key, value);
        const className = `stat-card__value${card.isLong ? ' stat-card__value--long' : ''}${tone ? ` tone-${tone}` : ''}`;
        return (
          <div key={key} className="stat-card" data-testid="stat-card" data-stat={key}>
            <span className="stat-card__label">{STAT_SPECS[key].label}</span>
            <span className={className} title={card.exact ?? undefined}>
              {card.text}
            </span>
          </div>
        );
      })}
    </div>
  );
}

function StatsTable({ stats }: { stats: BacktestStats | null }) {
  return (
    <table className="table stats-table" data-testid="stats-table">
      <tbody>
        {STAT_KEYS.map((key) => (
          <tr key={key}>
            <th scope="row">{STAT_SPECS[key].label}</th>
            <td className="numeric">{formatStat(key, stats?.[key] ?? null)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What the engine warned about (orders not filled for want of cash, …): one symbol's, or on the combined tab every symbol's. */
function EngineWarnings({ run, tab }: { run: BacktestDetail; tab: string | null }) {
  const warnings =
    tab === COMBINED || !tab
      ? run.perSymbol.flatMap((result) => result.warnings.map((warning) => `${result.symbol}: ${warning}`))
      : (run.perSymbol.find((result) => result.symbol === tab)?.warnings ?? []);
  return <WarningsCallout warnings={warnings} testId="run-warnings" />;
}

function ConfigFacts({ run }: { run: BacktestDetail }) {
  const { config } = run;
  const broker = config.broker;
  // Long values get the panel's whole width; short ones go two to a row.
  const facts: [string, string, 'wide'?][] = [
    ['Strategy', config.strategy, 'wide'],
    ['Params', formatParams(config.params) || '—', 'wide'],
    ['Symbols', config.symbols.join(', '), 'wide'],
    ['Range', rangeText(config), 'wide'],
    ['Cash', broker.cash.toLocaleString()],
    ['Commission', fractionAsPct(broker.commission)],
    ['Spread', fractionAsPct(broker.spread)],
    ['Close open trades', broker.finalizeTrades ? 'Yes' : 'No'],
    ['Engine', config.engineVersion, 'wide'],
    ['Data hash', config.dataHash],
    ['Job', run.jobId],
  ];
  return (
    <dl className="config-facts" data-testid="run-config">
      {facts.map(([label, value, width]) => (
        <div key={label} className={width === 'wide' ? 'config-facts__wide' : undefined}>
          <dt>{label}</dt>
          <dd className={label === 'Data hash' || label === 'Job' ? 'mono' : undefined} title={value}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

async function saveNotes(id: string, notes: string): Promise<BacktestSummary | null> {
  const saved = await runCommand('backtests/update', { id, notes }, 'Could not save the notes');
  if (saved) useBacktestsStore.getState().replace(saved);
  return saved;
}

function Notes({ run, onSaved }: { run: BacktestDetail; onSaved(notes: string): void }) {
  const [notes, setNotes] = useState(run.notes);
  const [isSaving, setSaving] = useState(false);
  const isDirty = notes !== run.notes;
  // Leaving the run (for another run or page) saves what was typed instead of dropping it.
  const unsaved = useRef<string | null>(null);
  unsaved.current = isDirty ? notes : null;
  useEffect(
    () => () => {
      if (unsaved.current !== null) void saveNotes(run.id, unsaved.current);
    },
    [run.id],
  );
  return (
    <section className="panel side-panel">
      <h2>Notes</h2>
      <textarea className="textarea notes-input" data-testid="notes-input" rows={5} maxLength={20_000} placeholder="What did you learn from this run?" value={notes} onChange={(event) => setNotes(event.target.value)} />
      <div className="side-panel__footer">
        <span className="muted">{isDirty ? 'Unsaved changes' : run.notes ? 'Saved' : ''}</span>
        <button
          type="button"
          className="button button--small"
          data-testid="notes-save"
          disabled={!isDirty || isSaving}
          onClick={async () => {
            setSaving(true);
            const saved = await saveNotes(run.id, notes);
            setSaving(false);
            if (saved) onSaved(saved.notes);
          }}
        >
          {isSaving ? 'Saving…' : 'Save notes'}
        </button>
      </div>
    </section>
  );
}

type Loaded<T> = { state: 'loading' } | { state: 'ready'; data: T } | { state: 'error'; error: ErrorBody };

export function RunDetail({ id }: { id: string }) {
  const [run, setRun] = useState<Loaded<BacktestDetail>>({ state: 'loading' });
  const [hasCombined, setHasCombined] = useState(false);
  const [tab, setTab] = useState<string | null>(null);
  const [series, setSeries] = useState<Loaded<BacktestSeries>>({ state: 'loading' });
  const [trades, setTrades] = useState<Loaded<SymbolTrade[]>>({ state: 'loading' });

  useEffect(() => {
    let isCurrent = true;
    void requestCommand('backtests/get', { id }).then(async (answer) => {
      if (!isCurrent) return;
      if (!answer.ok) {
        setRun({ state: 'error', error: answer.error });
        return;
      }
      const symbols = answer.data.perSymbol.filter((result) => result.status === 'succeeded').map((result) => result.symbol);
      // Several symbols: the combined account leads, where the host stores its series.
      if (answer.data.symbols.length > 1 && answer.data.hasDetails) {
        const combined = await requestCommand('backtests/series', { id, symbol: COMBINED });
        if (!isCurrent) return;
        if (combined.ok) {
          setHasCombined(true);
          setTab(COMBINED);
          setRun({ state: 'ready', data: answer.data });
          return;
        }
      }
      setTab(symbols[0] ?? answer.data.symbols[0] ?? null);
      setRun({ state: 'ready', data: answer.data });
    });
    return () => {
      isCurrent = false;
    };
  }, [id]);

  const detail = run.state === 'ready' ? run.data : null;
  const tabSymbols = useMemo(() => (detail && tab === COMBINED ? detail.perSymbol.filter((result) => result.status === 'succeeded').map((result) => result.symbol) : tab ? [tab] : []), [detail, tab]);

  // A failed symbol has no series or trades to load: its tab shows why it failed instead.
  const tabFailure = useMemo(
    () => (detail && tab !== COMBINED ? (detail.perSymbol.find((result) => result.symbol === tab && result.status === 'failed') ?? null) : null),
    [detail, tab],
  );

  const hasDetails = detail?.hasDetails ?? false;
  useEffect(() => {
    if (!tab || !hasDetails || tabFailure) return;
    let isCurrent = true;
    setSeries({ state: 'loading' });
    setTrades({ state: 'loading' });
    void requestCommand('backtests/series', { id, symbol: tab }).then((answer) => {
      if (isCurrent) setSeries(answer.ok ? { state: 'ready', data: answer.data } : { state: 'error', error: answer.error });
    });
    void Promise.all(tabSymbols.map(async (symbol) => ({ symbol, answer: await requestCommand('backtests/trades', { id, symbol, limit: 100_000, offset: 0 }) }))).then((answers) => {
      if (!isCurrent) return;
      const failed = answers.find((item) => !item.answer.ok);
      if (failed && !failed.answer.ok) {
        setTrades({ state: 'error', error: failed.answer.error });
        return;
      }
      const all = answers.flatMap((item) => (item.answer.ok ? item.answer.data.trades.map((trade) => ({ ...trade, symbol: item.symbol })) : []));
      all.sort((left, right) => left.entryTime.localeCompare(right.entryTime));
      setTrades({ state: 'ready', data: all });
    });
    return () => {
      isCurrent = false;
    };
  }, [id, tab, tabSymbols, hasDetails, tabFailure]);

  const remove = useCallback(async () => {
    const label = detail ? `${detail.name ?? detail.strategy} (${detail.symbols.join(', ')})` : id;
    if (!window.confirm(`Delete the run ${label}? Its statistics, charts and trades are removed for good.`)) return;
    const answer = await runCommand('backtests/delete', { id }, 'Could not delete the run');
    if (!answer) return;
    useBacktestsStore.getState().forget(id);
    goTo({ view: 'list', tab: 'runs' });
  }, [detail, id]);

  if (run.state === 'loading') {
    return (
      <div className="page" data-testid="run-detail" data-state="loading">
        <BackLink />
        <p className="muted">Loading run…</p>
      </div>
    );
  }
  if (run.state === 'error') {
    return (
      <div className="page" data-testid="run-detail" data-state="error">
        <BackLink />
        {run.error.kind === 'corrupt' ? (
          <CorruptState message={run.error.message} onDelete={() => void remove()} />
        ) : (
          <div className="callout callout--danger" role="alert">
            <h3>{run.error.kind === 'not_found' ? 'No such run' : 'Could not load this run'}</h3>
            {run.error.message}
            {run.error.kind === 'not_found' && <p>It may have been deleted, or been a cell of a deleted sweep.</p>}
          </div>
        )}
      </div>
    );
  }

  const data = run.data;
  const stats = tab === COMBINED || !tab ? data.stats : (data.perSymbol.find((result) => result.symbol === tab)?.stats ?? null);
  const failedSymbols = data.perSymbol.filter((result) => result.status === 'failed');
  const title = data.name ?? `${data.strategy}${Object.keys(data.params).length ? ` · ${formatParams(data.params)}` : ''}`;
  const tabs = [...(hasCombined ? [COMBINED] : []), ...data.perSymbol.map((result) => result.symbol)];
  const seriesError = series.state === 'error' ? series.error : null;

  return (
    <div className="page" data-testid="run-detail" data-state="ready" data-id={data.id}>
      <header className="page-header">
        <div>
          <BackLink />
          <div className="run-title">
            <h1>{title}</h1>
            <StatusChip status={data.status} />
          </div>
          <p>
            {data.symbols.join(', ')} · {data.config.from ?? stats?.start?.slice(0, 10) ?? ''} → {data.config.to ?? stats?.end?.slice(0, 10) ?? ''} · run {formatDateTime(data.createdAt)}
          </p>
        </div>
        <div className="page-header__actions">
          <button
            type="button"
            className="button"
            data-testid="export-trades"
            disabled={trades.state !== 'ready' || tabFailure !== null}
            onClick={() => trades.state === 'ready' && downloadText(`${fileStem(`${title}-${tab === COMBINED ? 'combined' : tab}`)}-trades.csv`, tradesToCsv(trades.data), 'text/csv')}
          >
            Export trades CSV
          </button>
          <button
            type="button"
            className="button"
            data-testid="export-stats"
            onClick={() =>
              downloadText(`${fileStem(title)}-stats.json`, `${JSON.stringify({ id: data.id, status: data.status, config: data.config, stats: data.stats, perSymbol: data.perSymbol }, null, 2)}\n`, 'application/json')
            }
          >
            Export stats JSON
          </button>
          {!data.sweepId && (
            <button type="button" className="button button--danger" data-testid="delete-run" onClick={() => void remove()}>
              Delete
            </button>
          )}
        </div>
      </header>
      {data.sweepId && <SweepCellNotice run={data} sweepId={data.sweepId} />}
      {failedSymbols.length > 0 && (
        <div className="callout callout--warning">
          <h3>
            {failedSymbols.length} of {data.perSymbol.length} symbols failed
          </h3>
          <ul>
            {failedSymbols.map((result) => (
              <li key={result.symbol}>
                <strong>{result.symbol}</strong>: {result.error ?? 'no reason given'}
              </li>
            ))}
          </ul>
        </div>
      )}
      {tabs.length > 1 && (
        <div className="tabs" role="tablist" aria-label="Symbol">
          {tabs.map((symbol) => (
            <button key={symbol} type="button" role="tab" className="tab" aria-selected={tab === symbol} data-testid="symbol-tab" data-symbol={symbol} onClick={() => setTab(symbol)}>
              {symbol === COMBINED ? 'Combined' : symbol}
            </button>
          ))}
        </div>
      )}
      {!tabFailure && <EngineWarnings run={data} tab={tab} />}
      {!tabFailure && <StatCards stats={stats} />}
      <div className="run-layout">
        <div className="run-layout__main">
          {tabFailure ? (
            <div className="callout callout--warning" data-testid="symbol-failed">
              <h3>No result for {tabFailure.symbol}</h3>
              {tabFailure.error ?? 'This symbol failed; no reason was recorded.'}
            </div>
          ) : !data.hasDetails ? (
            <FullRunOffer run={data} />
          ) : (
            <>
            {seriesError?.kind === 'corrupt' ? (
              <CorruptState message={seriesError.message} />
            ) : seriesError ? (
              <div className="callout callout--danger">
                <h3>Could not load the charts</h3>
                {seriesError.message}
              </div>
            ) : (
              <>
                <EquityChart series={series.state === 'ready' ? series.data : null} />
                <DrawdownChart series={series.state === 'ready' ? series.data : null} />
              </>
            )}
            {trades.state === 'error' ? (
              trades.error.kind === 'corrupt' ? (
                <CorruptState message={trades.error.message} />
              ) : (
                <div className="callout callout--danger">
                  <h3>Could not load the trades</h3>
                  {trades.error.message}
                </div>
              )
            ) : (
              <TradesTable trades={trades.state === 'ready' ? trades.data : null} showSymbol={tab === COMBINED} isLoading={trades.state === 'loading'} />
            )}
            </>
          )}
        </div>
        <aside className="run-layout__side">
          <Notes key={data.id} run={data} onSaved={(notes) => setRun({ state: 'ready', data: { ...data, notes } })} />
          <section className="panel side-panel">
            <h2>Config</h2>
            <ConfigFacts run={data} />
          </section>
          {!tabFailure && (
            <section className="panel side-panel side-panel--flush">
              <h2>All statistics{tab && tab !== COMBINED ? ` · ${tab}` : ''}</h2>
              <StatsTable stats={stats} />
            </section>
          )}
        </aside>
      </div>
    </div>
  );
}

function BackLink() {
  return (
    <button
      type="button"
      className="link-button back-link"
      onClick={() => {
        if (window.history.length > 1) window.history.back();
        else goTo({ view: 'list', tab: 'runs' });
      }}
    >
      ← Back
    </button>
  );
}

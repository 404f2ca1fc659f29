import { useEffect, useState } from 'react';
import { STAT_KEYS, type BacktestDetail, type BacktestSeries } from '../../../../shared/backtest';
import { StatusChip } from '../../components/status-chip';
import { WarningsCallout } from '../../components/warnings-callout';
import { formatParams } from '../../format/format';
import { requestCommand } from '../../stores/command';
import { COMPARE_COLORS, CompareEquityChart } from './charts';
import { comparabilityNotes, configRows } from './compare-config';
import { goTo } from './route';
import { COMBINED } from './run-detail';
import { bestIndexes, formatStat, STAT_SPECS, type ComparedRun } from './stats';

interface Compared {
  id: string;
  run: BacktestDetail | null;
  error: string | null;
  series: BacktestSeries | null;
}

/** The series a comparison draws for a run: the combined account when stored, else its first symbol; none for a sweep cell. */
async function seriesFor(run: BacktestDetail): Promise<BacktestSeries | null> {
  if (!run.hasDetails) return null;
  if (run.symbols.length > 1) {
    const combined = await requestCommand('backtests/series', { id: run.id, symbol: COMBINED });
    if (combined.ok) return combined.data;
  }
  const symbol = run.perSymbol.find((result) => result.status === 'succeeded')?.symbol;
  if (!symbol) return null;
  const answer = await requestCommand('backtests/series', { id: run.id, symbol });
  return answer.ok ? answer.data : null;
}

function labelOf(run: BacktestDetail | null, id: string): string {
  if (!run) return id;
  return run.name ?? `${run.strategy} ${formatParams(run.params)} · ${run.symbols.join(', ')}`;
}

export function CompareView({ ids }: { ids: string[] }) {
  const [items, setItems] = useState<Compared[] | null>(null);

  useEffect(() => {
    let isCurrent = true;
    void Promise.all(
      ids.map(async (id): Promise<Compared> => {
        const answer = await requestCommand('backtests/get', { id });
        if (!answer.ok) return { id, run: null, error: answer.error.kind === 'corrupt' ? 'Stored results are unreadable' : answer.error.message, series: null };
        return { id, run: answer.data, error: null, series: await seriesFor(answer.data) };
      }),
    ).then((result) => {
      if (isCurrent) setItems(result);
    });
    return () => {
      isCurrent = false;
    };
  }, [ids]);

  const [lines, setLines] = useState<{ id: string; label: string; color: string; series: BacktestSeries }[]>([]);
  useEffect(() => {
    // Colours follow the table's columns, whether or not a run has a curve to draw.
    setLines((items ?? []).flatMap((item, index) => (item.series ? [{ id: item.id, label: labelOf(item.run, item.id), color: COMPARE_COLORS[index % COMPARE_COLORS.length]!, series: item.series }] : [])));
  }, [items]);

  const compared = (items ?? []).map((item): ComparedRun => ({ stats: item.run?.stats ?? null, cash: item.run?.config.broker.cash ?? null }));
  const cellCount = (items ?? []).filter((item) => item.run?.hasDetails === false).length;

  return (
    <div className="page" data-testid="compare-view">
      <header className="page-header">
        <div>
          <button type="button" className="link-button back-link" onClick={() => goTo({ view: 'list', tab: 'runs' })}>
            ← Backtests
          </button>
          <h1>Compare {ids.length} runs</h1>
          <p>Config and statistics side by side, the best of each row marked; equity rebased to 100 so different cash compares.</p>
        </div>
      </header>
      {!items ? (
        <p className="muted">Loading runs…</p>
      ) : (
        <>
          <WarningsCallout warnings={comparabilityNotes(items.map((item) => item.run))} testId="compare-notes" />
          {cellCount > 0 && (
            <div className="callout callout--neutral" data-testid="compare-cells-note">
              {cellCount === items.length ? 'These runs are sweep cells' : `${cellCount} of these runs ${cellCount === 1 ? 'is a sweep cell' : 'are sweep cells'}`}, which keep their
              statistics but no equity curve: run a cell in full, from its page, to draw it here.
            </div>
          )}
          {cellCount < items.length && <CompareEquityChart lines={lines} />}
          <div className="panel compare-table">
            <table className="table" data-testid="compare-table">
              <thead>
                <tr>
                  <th>Statistic</th>
                  {items.map((item, index) => (
                    <th key={item.id} className="numeric compare-table__run">
                      <button type="button" className="link-button compare-table__link" onClick={() => goTo({ view: 'run', id: item.id })} title={labelOf(item.run, item.id)}>
                        <span className="swatch" style={{ background: COMPARE_COLORS[index % COMPARE_COLORS.length] }} />
                        {labelOf(item.run, item.id)}
                      </button>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">Status</th>
                  {items.map((item) => (
                    <td key={item.id} className="numeric compare-table__text">
                      {item.run ? <StatusChip status={item.run.status} /> : <span className="form-error">{item.error}</span>}
                    </td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">Engine · data</th>
                  {items.map((item) => (
                    <td key={item.id} className="numeric compare-table__text mono muted" title={item.run?.config.dataHash}>
                      {item.run ? `${item.run.config.engineVersion} · ${item.run.config.dataHash.slice(0, 8)}` : '—'}
                    </td>
                  ))}
                </tr>
                {configRows(items.map((item) => item.run)).map((row) => (
                  <tr key={row.label} className={row.differs ? 'compare-table__differs' : undefined} data-differs={row.differs ? 'true' : undefined}>
                    <th scope="row">{row.label}</th>
                    {row.values.map((value, index) => (
                      <td key={items[index]!.id} className="numeric compare-table__text">
                        {value ?? '—'}
                      </td>
                    ))}
                  </tr>
                ))}
                {STAT_KEYS.map((key) => {
                  const best = bestIndexes(key, compared);
                  return (
                    <tr key={key}>
                      <th scope="row">{STAT_SPECS[key].label}</th>
                      {compared.map((run, index) => (
                        <td key={items[index]!.id} className={`numeric${best.includes(index) ? ' compare-table__best' : ''}`} data-best={best.includes(index) ? 'true' : undefined}>
                          {formatStat(key, run.stats?.[key])}
                        </td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}

import { useEffect, useMemo, useState } from 'react';
import {
  backtestRunParams,
  backtestSweepParams,
  NUMERIC_STAT_KEYS,
  STRATEGY_NAMES,
  type GridAxis,
  type NumericStatKey,
  type StrategyName,
} from '../../../../shared/backtest';
import type { ErrorBody } from '../../../../shared/errors';
import { isTerminalStatus } from '../../../../shared/job';
import { SubmitRefusal } from '../../components/submit-refusal';
import { formatCount } from '../../format/format';
import { MAX_SWEEP_CELL_LIMIT } from '../../../../shared/settings';
import { useJobsStore } from '../../stores/jobs-store';
import { useSettingsStore } from '../../stores/settings-store';
import { useSymbolsStore } from '../../stores/symbols-store';
import { firstMessageByField, issuesByPath, strategyParamErrors } from './form-issues';
import { defaultRange, gridSize, paramFields, type GridSize, type ParamField } from './params-schema';
import { goTo } from './route';
import { STAT_SPECS } from './stats';
import { SubmittedJob } from './submitted-job-panel';

type AxisMode = 'fixed' | 'range' | 'list';

interface AxisDraft {
  mode: AxisMode;
  fixed: string;
  start: string;
  end: string;
  step: string;
  list: string;
}

const STRATEGY_LABELS: Record<StrategyName, string> = {
  'sma-cross': 'SMA crossover',
  'rsi-reversion': 'RSI mean reversion',
  breakout: 'Channel breakout',
  'buy-and-hold': 'Buy and hold',
};

function defaultAxis(field: ParamField): AxisDraft {
  const value = field.defaultValue ?? field.min ?? 1;
  const { start, end, step } = defaultRange(field);
  return { mode: 'range', fixed: String(value), start: String(start), end: String(end), step: String(step), list: String(value) };
}

function toNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

function axisFor(draft: AxisDraft): GridAxis {
  if (draft.mode === 'fixed') return [toNumber(draft.fixed)];
  if (draft.mode === 'list') return draft.list.split(/[,\s]+/).filter(Boolean).map(Number);
  return { start: toNumber(draft.start), end: toNumber(draft.end), step: toNumber(draft.step) };
}

/** The sweep's checks beyond the schema's: each bad axis, or the constraint, else the grid's size. */
function gridErrors(size: GridSize, cellLimit: number): Record<string, string> {
  if (size.errors.length > 0) return Object.fromEntries(size.errors.map(({ field, message }) => [field, message]));
  if (size.cells > cellLimit) {
    const remedy = size.cells <= MAX_SWEEP_CELL_LIMIT ? 'narrow a range, raise its step, or raise the limit in Settings' : 'narrow a range or raise its step';
    return { grid: `${formatCount(size.cells)} cells is more than the ${formatCount(cellLimit)} a sweep may have: ${remedy}.` };
  }
  return size.cells === 0 ? { grid: 'No cell passes the constraint.' } : {};
}

function FieldError({ message }: { message: string | undefined }) {
  return message ? (
    <span className="form-error" role="alert">
      {message}
    </span>
  ) : null;
}

function SymbolsSelect({ value, onChange, error }: { value: string[]; onChange(update: (symbols: string[]) => string[]): void; error?: string }) {
  const symbols = useSymbolsStore((state) => state.symbols);
  const isLoaded = useSymbolsStore((state) => state.isLoaded);
  return (
    <fieldset className="form-field form-field--wide">
      <legend className="form-label">
        Symbols
        {symbols.length > 1 && (
          <button type="button" className="link-button" onClick={() => onChange((held) => (held.length === symbols.length ? [] : symbols.map((symbol) => symbol.symbol)))}>
            {value.length === symbols.length ? 'Select none' : 'Select all'}
          </button>
        )}
      </legend>
      <div className="symbol-picker" data-testid="symbols-select" role="group" aria-label="Symbols">
        {symbols.map((symbol) => {
          const isOn = value.includes(symbol.symbol);
          return (
            <button
              key={symbol.symbol}
              type="button"
              className="symbol-option"
              aria-pressed={isOn}
              data-symbol={symbol.symbol}
              title={`${symbol.firstDate} → ${symbol.lastDate}, ${formatCount(symbol.rows)} bars`}
              onClick={() => onChange((held) => (held.includes(symbol.symbol) ? held.filter((other) => other !== symbol.symbol) : [...held, symbol.symbol]))}
            >
              {symbol.symbol}
            </button>
          );
        })}
        {isLoaded && symbols.length === 0 && <span className="muted">No stored prices yet: import CSV files on the Data page first.</span>}
      </div>
      <FieldError message={error} />
    </fieldset>
  );
}

function AxisInputs({ field, draft, onChange, error }: { field: ParamField; draft: AxisDraft; onChange(draft: AxisDraft): void; error?: string }) {
  const numberProps = { type: 'number', step: field.isInteger ? 1 : 'any', min: field.min ?? undefined, max: field.max ?? undefined } as const;
  return (
    <div className="form-field form-field--wide sweep-axis" data-param={field.name}>
      <span className="form-label">
        {field.label} <code>{field.name}</code>
      </span>
      <div className="sweep-axis__row">
        <div className="segmented" role="radiogroup" aria-label={`${field.name} values`}>
          {(['fixed', 'range', 'list'] as const).map((mode) => (
            <button key={mode} type="button" role="radio" aria-checked={draft.mode === mode} className="segmented__option" onClick={() => onChange({ ...draft, mode })}>
              {mode === 'fixed' ? 'Fixed' : mode === 'range' ? 'Range' : 'List'}
            </button>
          ))}
        </div>
        {draft.mode === 'fixed' && <input className="input" {...numberProps} aria-label={`${field.name} value`} data-testid="param-input" data-param={field.name} value={draft.fixed} onChange={(event) => onChange({ ...draft, fixed: event.target.value })} />}
        {draft.mode === 'range' && (
          <>
            <input className="input input--short" {...numberProps} aria-label={`${field.name} start`} data-testid="param-start" data-param={field.name} value={draft.start} onChange={(event) => onChange({ ...draft, start: event.target.value })} />
            <span className="muted">to</span>
            <input className="input input--short" {...numberProps} aria-label={`${field.name} end`} data-testid="param-end" data-param={field.name} value={draft.end} onChange={(event) => onChange({ ...draft, end: event.target.value })} />
            <span className="muted">step</span>
            <input className="input input--short" type="number" min={0} step="any" aria-label={`${field.name} step`} data-testid="param-step" data-param={field.name} value={draft.step} onChange={(event) => onChange({ ...draft, step: event.target.value })} />
          </>
        )}
        {draft.mode === 'list' && <input className="input" aria-label={`${field.name} values`} placeholder="e.g. 5, 10, 20" data-testid="param-list" data-param={field.name} value={draft.list} onChange={(event) => onChange({ ...draft, list: event.target.value })} />}
        {field.min !== null && field.max !== null && (
          <span className="form-hint">
            {field.min} – {field.max}
          </span>
        )}
      </div>
      <FieldError message={error} />
    </div>
  );
}

export function BacktestForm({ initialMode }: { initialMode: 'run' | 'sweep' }) {
  const symbols = useSymbolsStore((state) => state.symbols);
  const cellLimit = useSettingsStore((state) => state.settings.sweepCellLimit);
  const [mode, setMode] = useState(initialMode);
  const [strategy, setStrategy] = useState<StrategyName>('sma-cross');
  const fields = useMemo(() => paramFields(strategy), [strategy]);
  const [values, setValues] = useState<Record<string, string>>({});
  const [axes, setAxes] = useState<Record<string, AxisDraft>>({});
  // Null until the user picks: the first stored symbol is the default, derived
  // rather than set by an effect so a click can never race the default arriving.
  const [pickedSymbols, setPickedSymbols] = useState<string[] | null>(null);
  const defaultSymbols = symbols[0] ? [symbols[0].symbol] : [];
  const chosenSymbols = pickedSymbols ?? defaultSymbols;
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [cash, setCash] = useState('10000');
  const [commissionPct, setCommissionPct] = useState('0');
  const [spreadPct, setSpreadPct] = useState('0');
  const [finalizeTrades, setFinalizeTrades] = useState(true);
  const [name, setName] = useState('');
  const [constraint, setConstraint] = useState('fast < slow');
  const [maximize, setMaximize] = useState<NumericStatKey>('sharpeRatio');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [isSubmitting, setSubmitting] = useState(false);
  // Why the host refused the last submit (queue full, data gone…): shown by the buttons, where the user will try again.
  const [refusal, setRefusal] = useState<ErrorBody | null>(null);
  // The last job submitted from here, with the mode it was submitted in (the switch may move since).
  const [submitted, setSubmitted] = useState<{ jobId: string; mode: 'run' | 'sweep' } | null>(null);
  const submittedStatus = useJobsStore((state) => (submitted ? state.records[submitted.jobId]?.status : undefined));
  // A second submit while the first still runs is most likely a double click: wait for it to end.
  const isSubmittedRunning = submitted?.mode === mode && submittedStatus !== undefined && !isTerminalStatus(submittedStatus);
  const hasSubmittedBefore = submitted?.mode === mode && !isSubmittedRunning;

  // A fresh strategy starts from its defaults.
  useEffect(() => {
    setValues(Object.fromEntries(fields.map((field) => [field.name, field.defaultValue === null ? '' : String(field.defaultValue)])));
    setAxes(Object.fromEntries(fields.map((field) => [field.name, defaultAxis(field)])));
    setConstraint(strategy === 'sma-cross' ? 'fast < slow' : strategy === 'rsi-reversion' ? 'lower < upper' : '');
    setErrors({});
  }, [fields, strategy]);

  const grid = useMemo(() => Object.fromEntries(fields.map((field) => [field.name, axisFor(axes[field.name] ?? defaultAxis(field))])), [fields, axes]);
  const size = useMemo(() => (fields.length > 0 ? gridSize(grid, constraint, strategy) : { cells: 1, isExact: true, errors: [] }), [grid, constraint, fields.length, strategy]);

  const target = () => ({
    strategy,
    symbols: chosenSymbols,
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    broker: { cash: toNumber(cash), commission: toNumber(commissionPct) / 100, spread: toNumber(spreadPct) / 100, finalizeTrades },
  });

  async function submit() {
    const params = Object.fromEntries(fields.map((field) => [field.name, toNumber(values[field.name] ?? '')]));
    const parsed =
      mode === 'run'
        ? backtestRunParams.safeParse({ ...target(), params, ...(name.trim() ? { name: name.trim() } : {}) })
        : backtestSweepParams.safeParse({ ...target(), grid, ...(constraint.trim() ? { constraint: constraint.trim() } : {}), maximize });
    // The form's own checks first: they word a field's problem better than the schema's union issues.
    const found = firstMessageByField(mode === 'run' ? strategyParamErrors(strategy, params) : gridErrors(size, cellLimit), parsed.success ? {} : issuesByPath(parsed.error.issues));
    setErrors(found);
    if (!parsed.success || Object.keys(found).length > 0) return;
    setSubmitting(true);
    setRefusal(null);
    const submittedMode = mode;
    const answer = await useJobsStore.getState().submit({ kind: mode === 'run' ? 'backtest/run' : 'backtest/sweep', params: parsed.data });
    setSubmitting(false);
    if (answer.ok) setSubmitted({ jobId: answer.data.id, mode: submittedMode });
    else setRefusal(answer.error);
  }

  const runningTitle = isSubmittedRunning ? 'The job submitted from here is still running: cancel it below, or wait for it to end.' : undefined;

  const inputClass = (key: string) => `input${errors[key] ? ' input--invalid' : ''}`;

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <button type="button" className="link-button back-link" onClick={() => goTo({ view: 'list', tab: 'runs' })}>
            ← Backtests
          </button>
          <h1>{mode === 'run' ? 'New backtest' : 'New sweep'}</h1>
          <p>{mode === 'run' ? 'Run one strategy with fixed params over one or more symbols.' : 'Run every combination of a param grid and map which settings worked.'}</p>
        </div>
        <label className="switch" title="Sweep: run every combination of a param grid">
          <input type="checkbox" role="switch" data-testid="sweep-mode" checked={mode === 'sweep'} onChange={(event) => setMode(event.target.checked ? 'sweep' : 'run')} />
          <span className="switch__track" aria-hidden="true" />
          Sweep params
        </label>
      </header>
      <form
        className="panel bt-form"
        data-testid="backtest-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <section className="bt-form__section">
          <h2>Strategy</h2>
          <div className="form-grid">
            <label className="form-field">
              <span className="form-label">Strategy</span>
              <select className="select" data-testid="strategy-select" value={strategy} onChange={(event) => setStrategy(event.target.value as StrategyName)}>
                {STRATEGY_NAMES.map((option) => (
                  <option key={option} value={option}>
                    {STRATEGY_LABELS[option]} ({option})
                  </option>
                ))}
              </select>
            </label>
            {mode === 'run' && (
              <label className="form-field">
                <span className="form-label">Name (optional)</span>
                <input className="input" data-testid="backtest-name" value={name} maxLength={120} placeholder="e.g. GOOG trend test" onChange={(event) => setName(event.target.value)} />
              </label>
            )}
          </div>
          {fields.length === 0 && <p className="muted">This strategy has no params.</p>}
          {mode === 'run' ? (
            <div className="form-grid">
              {fields.map((field) => (
                <label key={field.name} className="form-field">
                  <span className="form-label">
                    {field.label} <code>{field.name}</code>
                  </span>
                  <input
                    className={inputClass(`params.${field.name}`)}
                    type="number"
                    step={field.isInteger ? 1 : 'any'}
                    min={field.min ?? undefined}
                    max={field.max ?? undefined}
                    data-testid="param-input"
                    data-param={field.name}
                    value={values[field.name] ?? ''}
                    onChange={(event) => setValues({ ...values, [field.name]: event.target.value })}
                  />
                  <span className="form-hint">
                    {field.min !== null && field.max !== null ? `${field.min} – ${field.max}` : ''}
                    {field.defaultValue !== null ? ` · default ${field.defaultValue}` : ''}
                  </span>
                  <FieldError message={errors[`params.${field.name}`]} />
                </label>
              ))}
            </div>
          ) : (
            <>
              {fields.map((field) => (
                <AxisInputs key={field.name} field={field} draft={axes[field.name] ?? defaultAxis(field)} onChange={(draft) => setAxes({ ...axes, [field.name]: draft })} error={Object.entries(errors).find(([key]) => key.startsWith(`grid.${field.name}`))?.[1]} />
              ))}
              <div className="form-grid">
                <label className="form-field">
                  <span className="form-label">Constraint (optional)</span>
                  <input className={`input mono${errors.constraint ? ' input--invalid' : ''}`} data-testid="sweep-constraint" placeholder="e.g. fast < slow" value={constraint} onChange={(event) => setConstraint(event.target.value)} />
                  <FieldError message={errors.constraint ?? size.errors.find((error) => error.field === 'constraint')?.message} />
                </label>
                <label className="form-field">
                  <span className="form-label">Maximize</span>
                  <select className="select" data-testid="sweep-maximize" value={maximize} onChange={(event) => setMaximize(event.target.value as NumericStatKey)}>
                    {NUMERIC_STAT_KEYS.map((key) => (
                      <option key={key} value={key}>
                        {STAT_SPECS[key].label}
                      </option>
                    ))}
                  </select>
                </label>
                <div className="form-field">
                  <span className="form-label">Grid size</span>
                  <span className={`grid-size${size.cells > cellLimit ? ' grid-size--over' : ''}`} data-testid="grid-size" data-cells={size.cells}>
                    {size.errors.some((error) => error.field !== 'constraint') ? (
                      '—'
                    ) : (
                      <>
                        {size.isExact ? '' : '≤ '}
                        {formatCount(size.cells)} {size.cells === 1 ? 'cell' : 'cells'}
                      </>
                    )}
                    {size.cells > cellLimit && <span> · limit {formatCount(cellLimit)}</span>}
                  </span>
                  <FieldError message={errors.grid} />
                </div>
              </div>
            </>
          )}
        </section>
        <section className="bt-form__section">
          <h2>Data</h2>
          <SymbolsSelect value={chosenSymbols} onChange={(update) => setPickedSymbols((picked) => update(picked ?? defaultSymbols))} error={errors.symbols} />
          <div className="form-grid">
            <label className="form-field">
              <span className="form-label">From (optional)</span>
              <input className={inputClass('from')} type="date" data-testid="date-from" value={from} onChange={(event) => setFrom(event.target.value)} />
              <FieldError message={errors.from} />
            </label>
            <label className="form-field">
              <span className="form-label">To (optional)</span>
              <input className={inputClass('to')} type="date" data-testid="date-to" value={to} onChange={(event) => setTo(event.target.value)} />
              <FieldError message={errors.to} />
            </label>
          </div>
        </section>
        <section className="bt-form__section">
          <h2>Broker</h2>
          <div className="form-grid">
            <label className="form-field">
              <span className="form-label">Cash</span>
              <input className={inputClass('broker.cash')} type="number" min={0} step="any" data-testid="broker-cash" value={cash} onChange={(event) => setCash(event.target.value)} />
              <FieldError message={errors['broker.cash']} />
            </label>
            <label className="form-field">
              <span className="form-label">Commission (% of traded value)</span>
              <input className={inputClass('broker.commission')} type="number" min={0} max={10} step="any" data-testid="broker-commission" value={commissionPct} onChange={(event) => setCommissionPct(event.target.value)} />
              <FieldError message={errors['broker.commission']} />
            </label>
            <label className="form-field">
              <span className="form-label">Spread (% of price)</span>
              <input className={inputClass('broker.spread')} type="number" min={0} max={10} step="any" data-testid="broker-spread" value={spreadPct} onChange={(event) => setSpreadPct(event.target.value)} />
              <FieldError message={errors['broker.spread']} />
            </label>
            <label className="checkbox form-field--check">
              <input type="checkbox" data-testid="broker-finalize" checked={finalizeTrades} onChange={(event) => setFinalizeTrades(event.target.checked)} />
              Close open trades at the end
            </label>
          </div>
        </section>
        <footer className="bt-form__footer">
          {errors.form && <FieldError message={errors.form} />}
          {Object.keys(errors).length > 0 && <span className="form-error">Fix the fields marked above.</span>}
          {Object.keys(errors).length === 0 && <SubmitRefusal title={mode === 'run' ? 'Could not start the backtest.' : 'Could not start the sweep.'} error={refusal} />}
          <span className="toolbar__spacer" />
          <button type="button" className="button" onClick={() => goTo({ view: 'list', tab: 'runs' })}>
            Cancel
          </button>
          {mode === 'run' ? (
            <button type="submit" className="button button--primary" data-testid="backtest-submit" disabled={isSubmitting || isSubmittedRunning} title={runningTitle}>
              {isSubmitting ? 'Starting…' : isSubmittedRunning ? 'Running…' : hasSubmittedBefore ? 'Run again' : 'Run backtest'}
            </button>
          ) : (
            <button type="submit" className="button button--primary" data-testid="sweep-submit" disabled={isSubmitting || isSubmittedRunning} title={runningTitle}>
              {isSubmitting ? 'Starting…' : isSubmittedRunning ? 'Sweep running…' : `${hasSubmittedBefore ? 'Run again' : 'Run sweep'} (${formatCount(size.cells)} cells)`}
            </button>
          )}
        </footer>
      </form>
      {submitted && <SubmittedJob key={submitted.jobId} jobId={submitted.jobId} mode={submitted.mode} />}
    </div>
  );
}

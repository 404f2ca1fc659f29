import { parseArgs } from 'node:util';
import { DEFAULT_SWEEP_CELL_LIMIT, NUMERIC_STAT_KEYS, STRATEGY_NAMES, type BacktestStats, type GridAxis, type NumericStatKey } from '../../shared/backtest';
import { isAppError } from '../../shared/errors';
import { expandGrid, parseAxisText, type ExpandedGrid } from '../../shared/sweep-grid';
import { formatStat, loadTarget, parseBroker, parseOrUsage, parseStrategy, runTarget, TARGET_OPTIONS } from './backtest';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand, type CliContext } from './command';

const USAGE = `Usage: quantdesk sweep (--csv FILE … | --symbol SYM …) --strategy NAME --grid k=SPEC [--grid k=SPEC …]
                       [--constraint EXPR] [--maximize STAT] [--top N] [--max-cells N]
                       [--cash N] [--commission F] [--spread F] [--no-finalize-trades] [--from D] [--to D] [--data-dir DIR] [--json]

Runs every cell of a parameter grid in this process and prints the best cells.

  --grid k=SPEC       A grid axis: start:end:step (both ends included) or a list a,b,c; e.g. --grid fast=5:50:5
  --constraint EXPR   Comparisons of params and numbers joined by &&, e.g. 'fast < slow && slow <= 100'
  --maximize STAT     The statistic to maximize (default sharpeRatio): ${NUMERIC_STAT_KEYS.join(', ')}
  --top N             Best cells to print (default 10)
  --max-cells N       Most cells (default ${DEFAULT_SWEEP_CELL_LIMIT})
  --json              Print {best, cells: [{params, stats}]}, cells best first (stats combined over symbols)
  Other options as for \`quantdesk backtest\` (strategies: ${STRATEGY_NAMES.join(', ')}).
  Cells the strategy's own rules refuse (e.g. fast >= slow) are skipped and counted.

Exit codes: 0 done, 1 every cell failed, 2 bad input.`;

interface CellResult {
  params: Record<string, number>;
  stats: BacktestStats | null;
  error: string | null;
}

function parsePositive(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`${flag} must be a positive whole number, got '${text}'`);
  return Number(text);
}

function metricOf(cell: CellResult, maximize: NumericStatKey): number {
  const value = cell.stats?.[maximize];
  return typeof value === 'number' && Number.isFinite(value) ? value : Number.NEGATIVE_INFINITY;
}

async function sweep(args: string[], context: CliContext): Promise<number> {
  const { values } = parseOrUsage(() =>
    parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        ...TARGET_OPTIONS,
        grid: { type: 'string', multiple: true },
        constraint: { type: 'string' },
        maximize: { type: 'string', default: 'sharpeRatio' },
        top: { type: 'string' },
        'max-cells': { type: 'string' },
      },
    }),
  );
  const strategy = parseStrategy(values.strategy);
  const maximize = values.maximize as NumericStatKey;
  if (!NUMERIC_STAT_KEYS.includes(maximize)) throw new UsageError(`--maximize must be one of ${NUMERIC_STAT_KEYS.join(', ')}; got '${values.maximize}'`);
  const top = parsePositive('--top', values.top, 10);
  const limit = parsePositive('--max-cells', values['max-cells'], DEFAULT_SWEEP_CELL_LIMIT);
  const grid: Record<string, GridAxis> = {};
  for (const spec of values.grid ?? []) {
    const match = /^([A-Za-z_]\w*)=(.+)$/.exec(spec);
    if (!match) throw new UsageError(`--grid must look like name=start:end:step or name=a,b,c; got '${spec}'`);
    if (Object.hasOwn(grid, match[1]!)) throw new UsageError(`--grid ${match[1]} is given twice`);
    grid[match[1]!] = asUsage(() => parseAxisText(match[2]!));
  }
  if (Object.keys(grid).length === 0) throw new UsageError('give at least one --grid name=start:end:step');
  const expanded: ExpandedGrid = asUsage(() => expandGrid({ strategy, grid, constraint: values.constraint }, limit));
  const broker = parseBroker(values);
  const target = await loadTarget(values, context.env);

  const warned = new Set<string>();
  const warn = (line: string) => {
    if (!warned.has(line)) context.err(`warning: ${line}`);
    warned.add(line);
  };
  const cells: CellResult[] = [];
  for (const cell of expanded.cells) {
    const outcome = await runTarget(target, strategy, cell.params, broker, warn);
    cells.push({ params: cell.params, stats: outcome.combined?.stats ?? null, error: outcome.status === 'failed' ? (outcome.error ?? 'failed') : null });
  }
  cells.sort((a, b) => metricOf(b, maximize) - metricOf(a, maximize));
  const best = cells.find((cell) => cell.stats !== null) ?? null;
  if (values.json) {
    const shown = cells.map((cell) => ({ params: cell.params, stats: cell.stats, ...(cell.error ? { error: cell.error } : {}) }));
    context.out(JSON.stringify({ best: best ? shown[cells.indexOf(best)] : null, cells: shown }));
  } else {
    const names = Object.keys(grid).sort();
    const header = [...names.map((name) => name.padStart(10)), maximize.padStart(20), 'returnPct'.padStart(14), 'tradeCount'.padStart(12)].join('');
    context.out(`Best ${Math.min(top, cells.length)} of ${cells.length} cells by ${maximize}` +
      `${expanded.excluded ? `, ${expanded.excluded} excluded by the constraint` : ''}${expanded.skipped ? `, ${expanded.skipped} skipped (refused by ${strategy})` : ''}:`);
    context.out(header);
    for (const cell of cells.slice(0, top)) {
      context.out([
        ...names.map((name) => String(cell.params[name]).padStart(10)),
        (cell.stats ? formatStat(maximize, cell.stats[maximize]) : 'failed').padStart(20),
        (cell.stats ? formatStat('returnPct', cell.stats.returnPct) : '-').padStart(14),
        (cell.stats ? String(cell.stats.tradeCount) : '-').padStart(12),
      ].join(''));
    }
  }
  if (!best) {
    context.err(`quantdesk sweep: every cell failed: ${cells[0]?.error ?? ''}`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}

function asUsage<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (isAppError(error) && error.kind === 'invalid') throw new UsageError(error.message);
    throw error;
  }
}

export const sweepCommand: CliCommand = { usage: USAGE, run: sweep };

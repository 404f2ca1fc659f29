import { DEFAULT_SWEEP_CELL_LIMIT, NUMERIC_STAT_KEYS, STRATEGY_NAMES, type BacktestStats, type BacktestStatus, type NumericStatKey, type StrategyName } from '../../shared/backtest';
import { countText } from '../../shared/count-text';
import { MAX_RAW_COMBINATIONS, strategyParamNames, type ExpandedGrid } from '../../shared/sweep-grid';
import type { RunOutcome } from '../store/backtests-types';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand, type CliContext } from './command';
import { sweepCells } from './grid';
import { parseBroker, parseOptions, parseParams, parseStrategy, TARGET_OPTIONS } from './options';
import { formatParams, formatStat, formatTable } from './table';
import { combinedStats, loadTarget, runTarget, symbolWarnings } from './target';

const USAGE = `Usage: quantdesk sweep (--csv FILE … | --symbol SYM …) --strategy NAME --grid k=SPEC [--grid k=SPEC …] [--param k=v …]
                       [--constraint EXPR] [--maximize STAT] [--top N] [--max-cells N]
                       [--cash N] [--commission F] [--spread F] [--no-finalize-trades] [--from D] [--to D] [--data-dir DIR] [--json]

Runs every cell of a parameter grid in this process and prints the best cells.

  --grid k=SPEC       A grid axis: start:end:step (from start up to end in steps of step; end included when a
                      step lands on it), start:end (step 1), or a list a,b,c; e.g. --grid fast=5:50:5
  --param k=v         A fixed value (a one-value axis); the constraint may name it
  --constraint EXPR   Comparisons of params and numbers joined by &&, e.g. 'fast < slow && slow <= 100'
  --maximize STAT     The statistic to maximize (default sharpeRatio): ${NUMERIC_STAT_KEYS.join(', ')}
  --top N             Best cells to print (default 10)
  --max-cells N       Most cells after the constraint (default ${DEFAULT_SWEEP_CELL_LIMIT}); grids of more than
                      ${countText(MAX_RAW_COMBINATIONS)} combinations before the constraint are refused whatever N is
  --json              Print {best, cells: [{params, status, error, stats}]}, cells best first and failed ones
                      last (stats combined over symbols; null for a failed cell)
  Other options as for \`quantdesk backtest\` (strategies: ${STRATEGY_NAMES.join(', ')}).
  Cells the strategy's own rules refuse (e.g. fast >= slow) are skipped and counted; whole-number params
  (periods) refuse fractional values. A cell fails when more than half its symbols fail; each distinct
  failure or warning is printed once on stderr, with how many cells it hit.

Exit codes: 0 done, 1 every cell failed, 2 bad input.`;

interface CellResult {
  params: Record<string, number>;
  status: BacktestStatus;
  error: string | null;
  /** Combined over the symbols; null for a failed cell. */
  stats: BacktestStats | null;
}

/** A cell that did not fail: it has statistics to rank by. */
type RankedCell = CellResult & { stats: BacktestStats };

/** A failure or warning, reported once for every cell it hit. */
interface Notice {
  line: string;
  /** The first cell it hit, whose numbers `line` quotes. */
  params: Record<string, number>;
  cells: number;
}

function parsePositive(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`${flag} must be a positive whole number, got '${text}'`);
  return Number(text);
}

function parseMaximize(text: string): NumericStatKey {
  const key = NUMERIC_STAT_KEYS.find((candidate) => candidate === text);
  if (key === undefined) throw new UsageError(`--maximize must be one of ${NUMERIC_STAT_KEYS.join(', ')}; got '${text}'`);
  return key;
}

function cellResultOf(params: Record<string, number>, outcome: RunOutcome): CellResult {
  return { params, status: outcome.status, error: outcome.error ?? null, stats: combinedStats(outcome) };
}

function isRanked(cell: CellResult): cell is RankedCell {
  return cell.stats !== null;
}

function metricOf(cell: RankedCell, maximize: NumericStatKey): number {
  const value = cell.stats[maximize];
  return typeof value === 'number' && Number.isFinite(value) ? value : Number.NEGATIVE_INFINITY;
}

/**
 * Adds a cell's failures and warnings to `notices`. Keyed by symbol and the text without
 * its numbers: a reason differs from cell to cell only by the numbers it quotes (params,
 * bars needed, orders refused), so the key gathers each reason's cells into one notice.
 */
function collectNotices(notices: Map<string, Notice>, params: Record<string, number>, outcome: RunOutcome): void {
  for (const run of outcome.symbols) {
    for (const line of symbolWarnings(run)) {
      const key = `${run.symbol}\n${line.replace(/\d+(\.\d+)?/g, '#')}`;
      const seen = notices.get(key);
      if (seen) seen.cells += 1;
      else notices.set(key, { line, params, cells: 1 });
    }
  }
}

function describeNotice({ line, params, cells }: Notice): string {
  const where = cells === 1 ? formatParams(params) : `${countText(cells)} cells, first ${formatParams(params)}`;
  return `${where}: ${line}`;
}

/** The first line of the table: how many cells ranked, failed, were excluded and skipped. */
function summaryOf(shown: number, ranked: number, failed: number, maximize: NumericStatKey, expanded: ExpandedGrid, strategy: StrategyName): string {
  return (
    `Best ${shown} of ${ranked} cells by ${maximize}${failed ? `, ${failed} failed` : ''}` +
    `${expanded.excluded ? `, ${expanded.excluded} excluded by the constraint` : ''}${expanded.skipped ? `, ${expanded.skipped} skipped (refused by ${strategy})` : ''}:`
  );
}

/** The best cells: their params in the strategy's order, then the maximized statistic, return and trades (each once). */
function tableOf(cells: readonly RankedCell[], names: readonly string[], maximize: NumericStatKey): string {
  const stats = [...new Set<NumericStatKey>([maximize, 'returnPct', 'tradeCount'])];
  const rows = cells.map((cell) => [...names.map((name) => String(cell.params[name])), ...stats.map((key) => formatStat(key, cell.stats[key]))]);
  const header = [...names, ...stats];
  return formatTable([header, ...rows], header.map(() => 'right'));
}

async function sweep(args: string[], context: CliContext): Promise<number> {
  const values = parseOptions(args, {
    ...TARGET_OPTIONS,
    grid: { type: 'string', multiple: true },
    constraint: { type: 'string' },
    maximize: { type: 'string', default: 'sharpeRatio' },
    top: { type: 'string' },
    'max-cells': { type: 'string' },
  });
  const strategy = parseStrategy(values.strategy);
  const maximize = parseMaximize(values.maximize);
  const top = parsePositive('--top', values.top, 10);
  const maxCells = parsePositive('--max-cells', values['max-cells'], DEFAULT_SWEEP_CELL_LIMIT);
  const fixed = parseParams(strategy, values.param ?? []);
  const expanded = sweepCells({ strategy, axes: values.grid ?? [], fixed, constraint: values.constraint, maxCells });
  const broker = parseBroker(values);
  const target = await loadTarget(values, context.env);
  for (const warning of target.warnings) context.err(`warning: ${warning}`);

  const notices = new Map<string, Notice>();
  const cells: CellResult[] = [];
  for (const cell of expanded.cells) {
    const outcome = await runTarget(target, strategy, cell.params, broker);
    collectNotices(notices, cell.params, outcome);
    cells.push(cellResultOf(cell.params, outcome));
  }
  const ranked = cells.filter(isRanked).sort((a, b) => metricOf(b, maximize) - metricOf(a, maximize));
  const failed = cells.filter((cell) => !isRanked(cell));
  for (const notice of notices.values()) context.err(`warning: ${describeNotice(notice)}`);
  if (values.json) {
    context.out(JSON.stringify({ best: ranked[0] ?? null, cells: [...ranked, ...failed] }));
  } else if (ranked.length > 0) {
    const best = ranked.slice(0, top);
    const names = strategyParamNames(strategy).filter((name) => Object.hasOwn(expanded.cells[0]!.params, name));
    context.out(summaryOf(best.length, ranked.length, failed.length, maximize, expanded, strategy));
    context.out(tableOf(best, names, maximize));
  }
  if (ranked.length === 0) {
    context.err(`quantdesk sweep: every cell failed (${cells.length}); the warnings above say why`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}

export const sweepCommand: CliCommand = { usage: USAGE, run: sweep };

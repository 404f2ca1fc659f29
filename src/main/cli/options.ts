import { parseArgs, type ParseArgsConfig } from 'node:util';
import { STRATEGY_NAMES, STRATEGY_PARAMS, brokerSettings, isStrategyName, isoDate, type BrokerSettings, type StrategyName } from '../../shared/backtest';
import { strategyParamNames } from '../../shared/sweep-grid';
import { describeIssues, safeParseQuoting } from '../../shared/validation';
import { UsageError } from './command';

/** Options `backtest` and `sweep` share. */
export const TARGET_OPTIONS = {
  csv: { type: 'string', multiple: true },
  symbol: { type: 'string', multiple: true },
  strategy: { type: 'string' },
  param: { type: 'string', multiple: true },
  cash: { type: 'string' },
  commission: { type: 'string' },
  spread: { type: 'string' },
  'no-finalize-trades': { type: 'boolean', default: false },
  from: { type: 'string' },
  to: { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

export interface TargetValues {
  csv?: string[] | undefined;
  symbol?: string[] | undefined;
  strategy?: string | undefined;
  cash?: string | undefined;
  commission?: string | undefined;
  spread?: string | undefined;
  'no-finalize-trades'?: boolean | undefined;
  from?: string | undefined;
  to?: string | undefined;
  'data-dir'?: string | undefined;
}

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/**
 * A command's options by node's parseArgs (strict, no positionals), its errors as usage
 * errors. An option that takes one value is refused when given twice: parseArgs keeps the
 * last, so a second `--constraint` would silently replace the first.
 */
export function parseOptions<const O extends OptionsConfig>(args: string[], options: O) {
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeValues(args, options), options, strict: true, allowPositionals: false, tokens: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), true);
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || options[token.name]?.multiple === true) continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} is given more than once; it takes one value`, true);
    seen.add(token.name);
  }
  return parsed.values;
}

/**
 * `--cash -100` as `--cash=-100`: parseArgs refuses a value that starts with a dash as
 * ambiguous, which hid the real problem (a negative cash) behind the usage. Only a value
 * option's next token, and only a negative number: `--json` or `-h` there stays an option.
 */
function joinNegativeValues(args: readonly string[], options: OptionsConfig): string[] {
  const joined: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--') return [...joined, ...args.slice(index)];
    const next = args[index + 1];
    if (takesValue(arg, options) && next !== undefined && isNegativeNumber(next)) {
      joined.push(`${arg}=${next}`);
      index++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

function takesValue(arg: string, options: OptionsConfig): boolean {
  return arg.startsWith('--') && options[arg.slice(2)]?.type === 'string';
}

function isNegativeNumber(text: string): boolean {
  return text.startsWith('-') && isDecimal(text);
}

export function parseStrategy(name: string | undefined): StrategyName {
  if (name === undefined) throw new UsageError(`--strategy is required (${STRATEGY_NAMES.join(', ')})`);
  if (!isStrategyName(name)) throw new UsageError(`unknown strategy '${name}'; the strategies are ${STRATEGY_NAMES.join(', ')}`);
  return name;
}

/** Plain decimal notation: optional sign, digits, optional fraction and exponent. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** True for plain decimal notation only: `Number()` would also take 0x0A, 0b101, 0o7 and Infinity. */
export function isDecimal(text: string): boolean {
  return DECIMAL.test(text.trim());
}

export function parseNumber(flag: string, text: string): number {
  const value = isDecimal(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value)) throw new UsageError(`${flag} must be a decimal number, got '${text}'`);
  return value;
}

/** `--param k=v` values, checked against the strategy's parameter names (not yet its rules). */
export function parseParams(strategy: StrategyName, pairs: readonly string[]): Record<string, number> {
  const known = strategyParamNames(strategy);
  const params: Record<string, number> = {};
  for (const pair of pairs) {
    const match = /^([A-Za-z_]\w*)=(.+)$/.exec(pair);
    if (!match) throw new UsageError(`--param must look like name=value, got '${pair}'`);
    const [, name, value] = match as unknown as [string, string, string];
    if (!known.includes(name)) throw new UsageError(`'${name}' is not a parameter of ${strategy}; its parameters are ${known.join(', ') || 'none'}`);
    if (Object.hasOwn(params, name)) throw new UsageError(`--param ${name} is given twice`);
    params[name] = parseNumber(`--param ${name}`, value);
  }
  return params;
}

/** Checks params against the strategy's schema; a usage error names every problem. */
export function checkStrategyParams(strategy: StrategyName, params: Record<string, number>): void {
  const parsed = safeParseQuoting(STRATEGY_PARAMS[strategy], params);
  if (!parsed.success) throw new UsageError(`bad parameters for ${strategy}: ${describeIssues(parsed.error.issues)}`);
}

export function parseBroker(values: TargetValues): BrokerSettings {
  const parsed = safeParseQuoting(brokerSettings, {
    cash: values.cash === undefined ? undefined : parseNumber('--cash', values.cash),
    commission: values.commission === undefined ? undefined : parseNumber('--commission', values.commission),
    spread: values.spread === undefined ? undefined : parseNumber('--spread', values.spread),
    finalizeTrades: values['no-finalize-trades'] !== true,
  });
  if (!parsed.success) throw new UsageError(describeIssues(parsed.error.issues, { nameOf: (path) => `--${String(path[0])}` }));
  return parsed.data;
}

export function parseDate(flag: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!isoDate.safeParse(text).success) throw new UsageError(`${flag} must be a calendar date YYYY-MM-DD, got '${text}'`);
  return text;
}

/** `--symbol` values as stored (upper case); an empty one is refused. */
export function parseSymbols(symbols: readonly string[]): string[] {
  if (symbols.some((symbol) => symbol.trim() === '')) throw new UsageError('--symbol must not be empty');
  const parsed = symbols.map((symbol) => symbol.trim().toUpperCase());
  const repeated = parsed.find((symbol, index) => parsed.indexOf(symbol) !== index);
  // As the app refuses a symbol list with a repeat: each symbol's run would be counted twice in the combined account.
  if (repeated !== undefined) throw new UsageError(`--symbol ${repeated} is given twice`);
  return parsed;
}

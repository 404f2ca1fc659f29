import { goTo } from './route';

/** Opens the ticked runs side by side; it takes two or more. `noun` names what is ticked ('runs', 'cells'). */
export function CompareButton({ ids, noun, testId, isSmall = false }: { ids: string[]; noun: string; testId: string; isSmall?: boolean }) {
  return (
    <button
      type="button"
      className={isSmall ? 'button button--small' : 'button'}
      data-testid={testId}
      disabled={ids.length < 2}
      title={ids.length < 2 ? `Tick two or more ${noun} to compare them` : undefined}
      onClick={() => goTo({ view: 'compare', ids })}
    >
      Compare{ids.length > 0 ? ` (${ids.length})` : ''}
    </button>
  );
}

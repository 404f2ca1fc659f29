import { useEffect, useState, type FormEvent } from 'react';
import { DEFAULT_SETTINGS } from '../../../../shared/settings';
import { HOST_LOST_HINT } from '../../components/connection-banner';
import { formatCount } from '../../format/format';
import { useSettingsStore } from '../../stores/settings-store';
import { useSystemStore } from '../../stores/system-store';
import { readSweepCellLimit, SWEEP_CELL_LIMIT_HINT } from './setting-draft';
import './settings.css';

/** The sweep cell limit: typed, checked as typed, saved on submit. */
function SweepCellLimitSetting() {
  const saved = useSettingsStore((state) => state.settings.sweepCellLimit);
  const change = useSettingsStore((state) => state.change);
  const isHostLost = useSystemStore((state) => state.lostContactAt !== null);
  const [text, setText] = useState(formatCount(saved));
  const [isSaving, setSaving] = useState(false);
  const [savedNote, setSavedNote] = useState<string | null>(null);
  // Shows the value saved, here or in another window.
  useEffect(() => setText(formatCount(saved)), [saved]);

  const draft = readSweepCellLimit(text);
  const isChanged = draft.value !== null && draft.value !== saved;

  async function save(value: number) {
    setSaving(true);
    const isSaved = await change({ sweepCellLimit: value });
    setSaving(false);
    if (isSaved) setSavedNote(`Saved: sweeps may now have up to ${formatCount(value)} cells.`);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (draft.value !== null && isChanged) void save(draft.value);
  }

  return (
    <form className="setting" onSubmit={submit} data-testid="setting-sweep-cell-limit">
      <div className="setting__text">
        <label className="setting__label" htmlFor="sweep-cell-limit">
          Largest sweep
        </label>
        <p className="setting__hint">{SWEEP_CELL_LIMIT_HINT}</p>
      </div>
      <div className="setting__control">
        <div className="setting__row">
          <input
            id="sweep-cell-limit"
            className="input setting__input"
            inputMode="numeric"
            value={text}
            aria-invalid={draft.error !== null}
            aria-describedby="sweep-cell-limit-status"
            data-testid="sweep-cell-limit-input"
            onChange={(event) => {
              setText(event.target.value);
              setSavedNote(null);
            }}
          />
          <span className="muted">cells</span>
        </div>
        <div className="setting__row">
          <button
            type="submit"
            className="button button--primary button--small"
            data-testid="sweep-cell-limit-save"
            disabled={!isChanged || isSaving || isHostLost}
            title={isHostLost ? HOST_LOST_HINT : undefined}
          >
            {isSaving ? 'Saving…' : 'Save'}
          </button>
          <button
            type="button"
            className="button button--small"
            disabled={saved === DEFAULT_SETTINGS.sweepCellLimit || isSaving || isHostLost}
            title={isHostLost ? HOST_LOST_HINT : undefined}
            onClick={() => {
              setText(formatCount(DEFAULT_SETTINGS.sweepCellLimit));
              void save(DEFAULT_SETTINGS.sweepCellLimit);
            }}
          >
            Reset to {formatCount(DEFAULT_SETTINGS.sweepCellLimit)}
          </button>
        </div>
        <p id="sweep-cell-limit-status" className={draft.error ? 'setting__error' : 'setting__note'} role={draft.error ? 'alert' : 'status'} data-testid="sweep-cell-limit-status">
          {draft.error ?? savedNote ?? (isChanged ? `Now ${formatCount(saved)}: press Save to change it.` : '')}
        </p>
      </div>
    </form>
  );
}

/** Where this installation keeps its data, and which version it is: read only. */
function Installation() {
  const status = useSystemStore((state) => state.status);
  if (!status) return null;
  return (
    <dl className="installation">
      <dt>Version</dt>
      <dd>{status.version}</dd>
      <dt>Data directory</dt>
      <dd>
        <code>{status.dataDir}</code>
      </dd>
      <dt>Workers</dt>
      <dd>
        {status.queue.concurrency} at once, up to {status.queue.queueLimit} jobs waiting
      </dd>
    </dl>
  );
}

export function SettingsPage() {
  return (
    <div className="page settings-page">
      <header className="page-header">
        <div>
          <h1>Settings</h1>
          <p>Stored with your data on this machine; a change applies to the next job you start.</p>
        </div>
      </header>
      <section className="panel settings-section" aria-labelledby="settings-sweeps">
        <h2 id="settings-sweeps">Sweeps</h2>
        <SweepCellLimitSetting />
      </section>
      <section className="panel settings-section" aria-labelledby="settings-installation">
        <h2 id="settings-installation">This installation</h2>
        <Installation />
      </section>
    </div>
  );
}

import { useState, type FormEvent } from 'react';
import { useImportsStore } from '../../stores/imports-store';

/** Absolute on POSIX (`/…`) or Windows (`C:\…`, `\\server\…`). */
function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[a-z]:[\\/]/i.test(path) || path.startsWith('\\\\');
}

function parsePathList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** For power users and the headless host: import CSV files by their paths on the host machine. */
export function PathImportForm({ onClose }: { onClose(): void }) {
  const importPaths = useImportsStore((state) => state.importPaths);
  const [text, setText] = useState('');
  const [isSubmitting, setSubmitting] = useState(false);
  const paths = parsePathList(text);
  const relative = paths.filter((path) => !isAbsolutePath(path));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (paths.length === 0 || relative.length > 0) return;
    setSubmitting(true);
    const isStarted = await importPaths(paths);
    setSubmitting(false);
    if (isStarted) onClose();
  }

  return (
    <form className="path-form panel" onSubmit={(event) => void submit(event)}>
      <label className="path-form__label" htmlFor="import-paths">
        CSV files on the machine running Quantdesk, one absolute path per line
      </label>
      <textarea
        id="import-paths"
        className="textarea"
        rows={3}
        spellCheck={false}
        placeholder={'/home/me/prices/AAPL.csv\n/home/me/prices/MSFT.csv'}
        value={text}
        data-testid="import-path-input"
        onChange={(event) => setText(event.target.value)}
        autoFocus
      />
      <div className="path-form__footer">
        <span className={relative.length > 0 ? 'path-form__error' : 'muted'} role={relative.length > 0 ? 'alert' : undefined}>
          {relative.length > 0 ? `Not an absolute path: ${relative[0]}` : `${paths.length} ${paths.length === 1 ? 'file' : 'files'}`}
        </span>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" data-testid="import-path-submit" disabled={paths.length === 0 || relative.length > 0 || isSubmitting}>
          {isSubmitting ? 'Starting…' : 'Import'}
        </button>
      </div>
    </form>
  );
}

import { useRef, useState } from 'react';
import { EmptyState } from '../../components/empty-state';
import { DataIcon } from '../../components/icons';
import { formatCount } from '../../format/format';
import { useImportsStore } from '../../stores/imports-store';
import { useSymbolsStore } from '../../stores/symbols-store';
import { DropTarget } from './drop-target';
import { LatestImport } from './latest-import';
import { PathImportForm } from './path-import-form';
import { SymbolsTable } from './symbols-table';
import './data.css';

export function DataPage() {
  const symbols = useSymbolsStore((state) => state.symbols);
  const isLoaded = useSymbolsStore((state) => state.isLoaded);
  const isUploading = useImportsStore((state) => state.upload !== null);
  const importFiles = useImportsStore((state) => state.importFiles);
  const [isPathFormOpen, setPathFormOpen] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const totalRows = symbols.reduce((sum, symbol) => sum + symbol.rows, 0);

  const chooseFiles = () => fileInput.current?.click();

  return (
    <DropTarget onFiles={(files) => void importFiles(files)}>
      <div className="page">
        <header className="page-header">
          <div>
            <h1>Data</h1>
            <p>Daily prices stored on this machine. Import CSV files, or drop them anywhere on this page.</p>
          </div>
          <div className="page-header__actions">
            <button type="button" className="button" data-testid="import-path-toggle" aria-expanded={isPathFormOpen} onClick={() => setPathFormOpen(!isPathFormOpen)}>
              Import from path…
            </button>
            <button type="button" className="button button--primary" data-testid="import-files-button" disabled={isUploading} onClick={chooseFiles}>
              Import CSV files
            </button>
            <input
              ref={fileInput}
              type="file"
              multiple
              accept=".csv,text/csv"
              hidden
              data-testid="import-file-input"
              onChange={(event) => {
                const files = [...(event.target.files ?? [])];
                event.target.value = '';
                if (files.length > 0) void importFiles(files);
              }}
            />
          </div>
        </header>
        {isPathFormOpen && <PathImportForm onClose={() => setPathFormOpen(false)} />}
        <LatestImport />
        {symbols.length > 0 ? (
          <>
            <div className="toolbar muted tabular" data-testid="symbols-summary">
              {formatCount(symbols.length)} {symbols.length === 1 ? 'symbol' : 'symbols'} · {formatCount(totalRows)} rows
            </div>
            <SymbolsTable symbols={symbols} />
          </>
        ) : (
          <div className="panel panel--dashed">
            <EmptyState
              testId="symbols-empty"
              icon={<DataIcon />}
              title={isLoaded ? 'No price data yet' : 'Loading symbols…'}
              actions={
                isLoaded && (
                  <button type="button" className="button button--primary" disabled={isUploading} onClick={chooseFiles}>
                    Import CSV files
                  </button>
                )
              }
            >
              Import daily OHLCV files (one symbol per file, named after the symbol, such as AAPL.csv) to start researching.
            </EmptyState>
          </div>
        )}
      </div>
    </DropTarget>
  );
}

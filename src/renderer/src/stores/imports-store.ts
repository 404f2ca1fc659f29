import { create } from 'zustand';
import { MAX_STAGED_FILE_CHARS } from '../../../shared/contract';
import { dataImportParams } from '../../../shared/kinds';
import { SYMBOL_FILE_NAME_RULE, symbolForFileName } from '../../../shared/symbol-file';
import { getApi } from '../api/client';
import { runCommand } from './command';
import { useJobsStore } from './jobs-store';
import { useNoticesStore } from './notices-store';

export interface UploadProgress {
  fileName: string;
  /** 1-based position of the file being uploaded. */
  position: number;
  total: number;
}

interface ImportsState {
  /** Files being sent to a headless host before the import job can start. */
  upload: UploadProgress | null;
  /** The import job last started from this window, shown live on the Data page. */
  lastJobId: string | null;
  importFiles(files: readonly File[]): Promise<void>;
  /** Answers whether the import job was started. */
  importPaths(paths: readonly string[]): Promise<boolean>;
  dismissLastJob(): void;
}

function isSymbolFile(file: File): boolean {
  return symbolForFileName(file.name) !== null;
}

function notify(message: string, title: string): void {
  useNoticesStore.getState().pushError({ kind: 'invalid', message }, title);
}

export const useImportsStore = create<ImportsState>()((set, get) => {
  /** The local path of a file: known at once in Electron, else after uploading it to the host. */
  async function pathFor(file: File, position: number, total: number): Promise<string | null> {
    const localPath = getApi().pathForFile?.(file);
    if (localPath) return localPath;
    if (file.size > MAX_STAGED_FILE_CHARS) {
      notify(`${file.name} is larger than ${Math.round(MAX_STAGED_FILE_CHARS / 2 ** 20)} MB; import it from its path instead.`, 'File too large');
      return null;
    }
    set({ upload: { fileName: file.name, position, total } });
    const content = await file.text();
    const staged = await runCommand('data/stage', { name: file.name, content }, `Could not upload ${file.name}`);
    return staged?.path ?? null;
  }

  return {
    upload: null,
    lastJobId: null,
    importFiles: async (files) => {
      const symbolFiles = files.filter(isSymbolFile);
      const others = files.filter((file) => !isSymbolFile(file));
      if (others.length > 0) {
        notify(`Not imported: ${others.map((file) => file.name).join(', ')}. ${SYMBOL_FILE_NAME_RULE}.`, 'Files skipped');
      }
      const paths: string[] = [];
      try {
        for (const [index, file] of symbolFiles.entries()) {
          const path = await pathFor(file, index + 1, symbolFiles.length);
          if (path) paths.push(path);
        }
      } finally {
        set({ upload: null });
      }
      if (paths.length > 0) await get().importPaths(paths);
    },
    importPaths: async (paths) => {
      const params = dataImportParams.safeParse({ paths });
      if (!params.success) {
        notify(params.error.issues.map((issue) => issue.message).join('; '), 'Cannot import these paths');
        return false;
      }
      const job = await useJobsStore.getState().submit({ kind: 'data/import', params: params.data }, 'Could not start the import');
      if (!job) return false;
      set({ lastJobId: job.id });
      return true;
    },
    dismissLastJob: () => set({ lastJobId: null }),
  };
});

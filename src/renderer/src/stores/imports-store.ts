import { create } from 'zustand';
import { MAX_STAGED_FILE_BYTES } from '../../../shared/contract';
import { dataImportParams } from '../../../shared/kinds';
import { SYMBOL_FILE_NAME_RULE, symbolForFileName } from '../../../shared/symbol-file';
import { getApi, getFileUploader } from '../api/client';
import type { FileUploader } from '../api/file-upload';
import { useJobsStore } from './jobs-store';
import { useNoticesStore } from './notices-store';

/** Files being sent to a headless host, counted in bytes over all of them. */
export interface UploadProgress {
  /** The file being sent now. */
  fileName: string;
  /** 1-based position of that file among `fileCount`. */
  position: number;
  fileCount: number;
  sentBytes: number;
  totalBytes: number;
}

/**
 * Where an upload of `files`, one after another, stands while the one at `index` has
 * `sentOfFile` of its bytes sent: the files before it count whole.
 */
export function batchUploadProgress(files: readonly Pick<File, 'name' | 'size'>[], index: number, sentOfFile: number): UploadProgress {
  const sizeOf = (upTo: number) => files.slice(0, upTo).reduce((sum, file) => sum + file.size, 0);
  const current = files[index];
  if (!current) throw new RangeError(`No file at ${index} of ${files.length}`);
  return {
    fileName: current.name,
    position: index + 1,
    fileCount: files.length,
    sentBytes: sizeOf(index) + Math.min(Math.max(sentOfFile, 0), current.size),
    totalBytes: sizeOf(files.length),
  };
}

/** The share of the bytes sent, in [0, 1]. */
export function uploadedFraction(progress: UploadProgress): number {
  return progress.totalBytes === 0 ? 0 : progress.sentBytes / progress.totalBytes;
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

/** The files small enough to upload; the user is told about the others. */
function uploadableFiles(files: readonly File[]): File[] {
  const megabytes = Math.round(MAX_STAGED_FILE_BYTES / 2 ** 20);
  for (const file of files.filter((file) => file.size > MAX_STAGED_FILE_BYTES)) {
    notify(`${file.name} is larger than ${megabytes} MB; import it from its path instead.`, 'File too large');
  }
  return files.filter((file) => file.size <= MAX_STAGED_FILE_BYTES);
}

export const useImportsStore = create<ImportsState>()((set, get) => {
  /** Sends `files` to the host one after another, keeping `upload` current; answers where those that arrived were staged. */
  async function sendFiles(uploadFile: FileUploader, files: readonly File[]): Promise<string[]> {
    const paths: string[] = [];
    try {
      for (const [index, file] of files.entries()) {
        set({ upload: batchUploadProgress(files, index, 0) });
        const staged = await uploadFile(file, (sentBytes) => set({ upload: batchUploadProgress(files, index, sentBytes) }));
        if (staged.ok) paths.push(staged.data.path);
        else useNoticesStore.getState().pushError(staged.error, `Could not upload ${file.name}`);
      }
    } finally {
      set({ upload: null });
    }
    return paths;
  }

  /** The paths main can read `files` from: their own (Electron), else where they were uploaded to. */
  async function pathsOnHost(files: readonly File[]): Promise<string[]> {
    const api = getApi();
    const paths: string[] = [];
    const pathless: File[] = [];
    for (const file of files) {
      const localPath = api.pathForFile?.(file);
      if (localPath) paths.push(localPath);
      else pathless.push(file);
    }
    if (pathless.length === 0) return paths;
    const uploadFile = getFileUploader();
    if (!uploadFile) {
      notify(`Not imported: ${pathless.map((file) => file.name).join(', ')}. Only files saved on this computer can be imported.`, 'Files skipped');
      return paths;
    }
    return [...paths, ...(await sendFiles(uploadFile, uploadableFiles(pathless)))];
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
      const paths = await pathsOnHost(symbolFiles);
      if (paths.length > 0) await get().importPaths(paths);
    },
    importPaths: async (paths) => {
      const params = dataImportParams.safeParse({ paths });
      if (!params.success) {
        notify(params.error.issues.map((issue) => issue.message).join('; '), 'Cannot import these paths');
        return false;
      }
      const answer = await useJobsStore.getState().submit({ kind: 'data/import', params: params.data });
      if (!answer.ok) {
        useNoticesStore.getState().pushError(answer.error, 'Could not start the import');
        return false;
      }
      set({ lastJobId: answer.data.id });
      return true;
    },
    dismissLastJob: () => set({ lastJobId: null }),
  };
});

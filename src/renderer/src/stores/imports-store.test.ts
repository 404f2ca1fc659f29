import { describe, expect, it } from 'vitest';
import { batchUploadProgress, uploadedFraction } from './imports-store';

const files = [
  { name: 'A.csv', size: 100 },
  { name: 'B.csv', size: 300 },
  { name: 'C.csv', size: 600 },
];

describe('batchUploadProgress', () => {
  it('counts the bytes sent over every file, the earlier ones whole', () => {
    expect(batchUploadProgress(files, 0, 0)).toEqual({ fileName: 'A.csv', position: 1, fileCount: 3, sentBytes: 0, totalBytes: 1000 });
    expect(batchUploadProgress(files, 1, 150)).toEqual({ fileName: 'B.csv', position: 2, fileCount: 3, sentBytes: 250, totalBytes: 1000 });
    expect(uploadedFraction(batchUploadProgress(files, 2, 600))).toBe(1);
  });

  it('keeps a file’s own count within its size', () => {
    expect(batchUploadProgress(files, 0, 400).sentBytes).toBe(100);
    expect(batchUploadProgress(files, 1, -5).sentBytes).toBe(100);
  });

  it('grows as the upload goes on', () => {
    const fractions = files.flatMap((file, index) => [0, file.size / 2, file.size].map((sent) => uploadedFraction(batchUploadProgress(files, index, sent))));
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions[0]).toBe(0);
    expect(fractions.at(-1)).toBe(1);
  });

  it('answers 0, not NaN, for a batch of empty files', () => {
    const empty = [{ name: 'E.csv', size: 0 }];
    expect(uploadedFraction(batchUploadProgress(empty, 0, 0))).toBe(0);
  });
});

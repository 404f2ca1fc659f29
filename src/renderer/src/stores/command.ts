import type { ErrorBody } from '../../../shared/errors';
import type { CommandName, CommandRequest, CommandResponse } from '../../../shared/contract';
import { getApi } from '../api/client';
import { useNoticesStore } from './notices-store';

/** A command's answer: its data, or the error to show where the user made the request. */
export type CommandAnswer<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** Runs a command; the caller shows an error where it belongs: beside a form's buttons, or in place of a run whose stored results are corrupt. */
export async function requestCommand<C extends CommandName>(command: C, request: CommandRequest<C>): Promise<CommandAnswer<CommandResponse<C>>> {
  try {
    const envelope = await getApi().invoke(command, request);
    return envelope.ok ? { ok: true, data: envelope.data } : { ok: false, error: envelope.error };
  } catch (error) {
    // The bridge should always answer an envelope; a throw is a bug worth showing.
    return { ok: false, error: { kind: 'internal', message: error instanceof Error ? error.message : String(error) } };
  }
}

/**
 * Runs a command and answers its data, or null after showing the error to the user
 * under `failureTitle` (what the user was trying to do).
 */
export async function runCommand<C extends CommandName>(command: C, request: CommandRequest<C>, failureTitle: string): Promise<CommandResponse<C> | null> {
  const answer = await requestCommand(command, request);
  if (answer.ok) return answer.data;
  useNoticesStore.getState().pushError(answer.error, failureTitle);
  return null;
}

/**
 * `runCommand` for fetching what a page shows: a host that cannot be reached shows no notice
 * per fetch, since the connection banner says so and the resync once it is back fetches again.
 */
export async function loadCommand<C extends CommandName>(command: C, request: CommandRequest<C>, failureTitle: string): Promise<CommandResponse<C> | null> {
  const answer = await requestCommand(command, request);
  if (answer.ok) return answer.data;
  if (answer.error.kind !== 'unavailable') useNoticesStore.getState().pushError(answer.error, failureTitle);
  return null;
}

/** A page of a paged command's answer: its items, and where the next page starts (null after the last). */
export interface Page<T> {
  items: readonly T[];
  nextOffset: number | null;
}

/** Every item of a paged command, page after page from offset 0; null as soon as a page cannot be had. */
export async function allPages<T>(fetchPage: (offset: number) => Promise<Page<T> | null>): Promise<T[] | null> {
  const items: T[] = [];
  for (let offset: number | null = 0; offset !== null; ) {
    const page: Page<T> | null = await fetchPage(offset);
    if (!page) return null;
    items.push(...page.items);
    offset = page.nextOffset;
  }
  return items;
}

import type { CommandName, CommandRequest, CommandResponse } from '../../../shared/contract';
import type { ErrorBody } from '../../../shared/errors';
import { getApi } from '../api/client';

export type Fetched<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/**
 * Runs a command and answers its data or its error, for views that show the error in
 * place (a run whose stored results are `corrupt`) instead of as a toast.
 */
export async function fetchResult<C extends CommandName>(command: C, request: CommandRequest<C>): Promise<Fetched<CommandResponse<C>>> {
  try {
    const envelope = await getApi().invoke(command, request);
    return envelope.ok ? { ok: true, data: envelope.data } : { ok: false, error: envelope.error };
  } catch (error) {
    return { ok: false, error: { kind: 'internal', message: error instanceof Error ? error.message : String(error) } };
  }
}

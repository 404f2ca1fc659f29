import type { CommandName, CommandRequest, CommandResponse } from '../../../shared/contract';
import { getApi } from '../api/client';
import { useNoticesStore } from './notices-store';

/**
 * Runs a command and answers its data, or null after showing the error to the user
 * under `failureTitle` (what the user was trying to do).
 */
export async function runCommand<C extends CommandName>(command: C, request: CommandRequest<C>, failureTitle: string): Promise<CommandResponse<C> | null> {
  let envelope;
  try {
    envelope = await getApi().invoke(command, request);
  } catch (error) {
    // The bridge should always answer an envelope; a throw is a bug worth showing.
    const message = error instanceof Error ? error.message : String(error);
    useNoticesStore.getState().pushError({ kind: 'internal', message }, failureTitle);
    return null;
  }
  if (envelope.ok) return envelope.data;
  useNoticesStore.getState().pushError(envelope.error, failureTitle);
  return null;
}

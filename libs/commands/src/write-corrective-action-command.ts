import {
  correctiveActionDecider,
  correctiveActionStreamId,
  type CorrectiveActionCommand,
  type CorrectiveActionEvent,
  type CorrectiveActionState,
} from '@cl/corrective-actions';
import type { CommandContext } from './command-context';
import type { StreamWriter, WriteResult } from './stream-writer';

export type CorrectiveActionWriteResult = WriteResult<CorrectiveActionState, CorrectiveActionEvent>;

/** A command on one corrective action (docs/domain.md, Corrective actions), through StreamWriter. */
export function writeCorrectiveActionCommand(
  writer: StreamWriter,
  actionId: string,
  command: CorrectiveActionCommand,
  context: CommandContext,
): Promise<CorrectiveActionWriteResult> {
  return writer.write({
    decider: correctiveActionDecider,
    command,
    streamId: correctiveActionStreamId(actionId),
    context,
    startsStream: command.type === 'openCorrectiveAction',
  });
}

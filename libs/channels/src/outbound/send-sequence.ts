import { GraphApiError } from '../graph/graph-api.error';

/**
 * Sends request bodies one after another (the parts of one message, in order) and collects the
 * provider ids. If a later part fails, the error carries the ids of the parts already sent.
 */
export async function sendInOrder<T>(
  bodies: readonly T[],
  sendOne: (body: T) => Promise<string>,
): Promise<string[]> {
  const ids: string[] = [];
  for (const body of bodies) {
    try {
      ids.push(await sendOne(body));
    } catch (error) {
      throw error instanceof GraphApiError ? error.withSentMessageIds(ids) : error;
    }
  }
  return ids;
}

export function unexpectedResponse(what: string): GraphApiError {
  return new GraphApiError(`Graph API answered without ${what}`, {
    classification: 'permanent',
    reason: 'unexpected_response',
    // The call succeeded, so the message most likely went out.
    ambiguous: true,
  });
}

import { tokenStore } from '../auth/tokens';
import { ApiError, refreshSession } from './client';

export type PlaygroundEvent =
  | { type: 'session'; sessionId: string }
  | { type: 'token'; text: string }
  | {
      type: 'done';
      messageId: string;
      text: string;
      tokensIn: number;
      tokensOut: number;
      ttftMs: number;
      totalMs: number;
    }
  | { type: 'error'; message: string };

export interface PlaygroundInput {
  message: string;
  sessionId?: string;
  source: 'draft' | 'published';
}

function parseBlock(block: string): PlaygroundEvent | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  if (data.length === 0) return null;
  try {
    const payload = JSON.parse(data.join('\n')) as Record<string, unknown>;
    return { ...payload, type: event } as PlaygroundEvent;
  } catch {
    return null;
  }
}

async function post(assistantId: string, input: PlaygroundInput, signal: AbortSignal, token?: string) {
  return fetch(`/api/assistants/${assistantId}/playground`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(input),
    signal,
  });
}

/**
 * One playground turn (POST /api/assistants/:id/playground): the reply streams back as server-sent
 * events over the POST's response (EventSource cannot POST), read here chunk by chunk.
 */
export async function sayToPlayground(
  assistantId: string,
  input: PlaygroundInput,
  onEvent: (event: PlaygroundEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  let response = await post(assistantId, input, signal, tokenStore.get()?.accessToken);
  if (response.status === 401) {
    const fresh = await refreshSession();
    if (!fresh) throw new ApiError(401, 'session_expired', 'Your session has ended: please sign in again.');
    response = await post(assistantId, input, signal, fresh.accessToken);
  }
  if (!response.ok || !response.body) {
    let message = `The playground answered ${response.status}`;
    try {
      const body = (await response.json()) as { message?: string };
      if (body.message) message = body.message;
    } catch {
      // keep the status
    }
    throw new ApiError(response.status, 'playground_failed', message);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value.replace(/\r\n/g, '\n');
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const event = parseBlock(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (event) onEvent(event);
      end = buffer.indexOf('\n\n');
    }
  }
}

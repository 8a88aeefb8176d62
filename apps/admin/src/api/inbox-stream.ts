import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { tokenStore } from '../auth/tokens';
import { refreshSession } from './client';
import { inboxKeys } from './inbox';
import type { InboxEvent } from './types';

export type StreamState = 'connecting' | 'live' | 'reconnecting';

function expiresSoon(token: string): boolean {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as {
      exp?: number;
    };
    return payload.exp !== undefined && payload.exp * 1000 < Date.now() + 5_000;
  } catch {
    return false;
  }
}

function isInboxEvent(value: unknown): value is InboxEvent {
  return (
    typeof value === 'object' && value !== null && typeof (value as InboxEvent).conversationId === 'string'
  );
}

/**
 * The live inbox (GET /api/inbox/stream, server-sent events). EventSource cannot send headers, so the
 * access token goes in the query; the server ends the stream when that token expires, and we reconnect
 * with a fresh one. Each event refreshes the lists and the thread it concerns.
 */
export function useInboxStream(): StreamState {
  const client = useQueryClient();
  const [state, setState] = useState<StreamState>('connecting');

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;

    const connect = async () => {
      let token = tokenStore.get()?.accessToken;
      if (token && expiresSoon(token)) token = (await refreshSession())?.accessToken;
      if (!token || stopped) return;
      source = new EventSource(`/api/inbox/stream?access_token=${encodeURIComponent(token)}`);
      source.onopen = () => setState('live');
      source.onmessage = (message: MessageEvent<string>) => {
        let event: unknown;
        try {
          event = JSON.parse(message.data);
        } catch {
          return;
        }
        if (!isInboxEvent(event)) return;
        void client.invalidateQueries({ queryKey: inboxKeys.conversations });
      };
      source.onerror = () => {
        setState('reconnecting');
        source?.close();
        retry = setTimeout(() => void connect(), 2_000);
      };
    };
    void connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [client]);

  return state;
}

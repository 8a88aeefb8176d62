import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from './client';
import type { Conversation, ConversationFilters, Message, Page } from './types';

export const inboxKeys = {
  conversations: ['conversations'] as const,
  list: (filters: ConversationFilters) => ['conversations', 'list', filters] as const,
  one: (id: string) => ['conversations', 'one', id] as const,
  messages: (id: string) => ['conversations', 'messages', id] as const,
};

export const inboxApi = {
  list: (filters: ConversationFilters, cursor?: string) =>
    http.get<Page<Conversation>>('/api/conversations', { ...filters, cursor, limit: 30 }),
  get: (id: string) => http.get<Conversation>(`/api/conversations/${id}`),
  messages: (id: string) => http.get<Page<Message>>(`/api/conversations/${id}/messages`, { limit: 100 }),
  takeover: (id: string) => http.post<Conversation>(`/api/conversations/${id}/takeover`),
  handback: (id: string) => http.post<Conversation>(`/api/conversations/${id}/handback`),
  close: (id: string) => http.post<Conversation>(`/api/conversations/${id}/close`),
  assign: (id: string, userId: string | null) =>
    http.post<Conversation>(`/api/conversations/${id}/assign`, { userId }),
  reply: (id: string, text: string, clientMessageId: string) =>
    http.post<Message>(`/api/conversations/${id}/reply`, { text, clientMessageId }),
};

export function useConversations(filters: ConversationFilters) {
  return useInfiniteQuery({
    queryKey: inboxKeys.list(filters),
    queryFn: ({ pageParam }) => inboxApi.list(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useConversation(id: string) {
  return useQuery({ queryKey: inboxKeys.one(id), queryFn: () => inboxApi.get(id) });
}

const IN_FLIGHT = new Set(['pending', 'sending']);

/**
 * A thread's messages. Status changes arrive on the live stream when the server publishes them; while
 * an outbound message is still on its way the thread is also polled, so its status never sticks.
 */
export function useMessages(id: string) {
  return useQuery({
    queryKey: inboxKeys.messages(id),
    queryFn: () => inboxApi.messages(id),
    refetchInterval: (query) =>
      query.state.data?.items.some((m) => m.direction === 'outbound' && IN_FLIGHT.has(m.status))
        ? 2_000
        : false,
  });
}

/** Open human conversations: the dashboard's "waiting for a person" figure. */
export function useHumanConversations() {
  return useQuery({
    queryKey: inboxKeys.list({ state: 'human' }),
    queryFn: () => inboxApi.list({ state: 'human' }),
  });
}

export function useConversationAction(id: string, fn: (id: string) => Promise<Conversation>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => fn(id),
    onSuccess: (conversation) => {
      client.setQueryData(inboxKeys.one(id), conversation);
      return client.invalidateQueries({ queryKey: inboxKeys.conversations });
    },
  });
}

export function useAssign(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (userId: string | null) => inboxApi.assign(id, userId),
    onSuccess: (conversation) => {
      client.setQueryData(inboxKeys.one(id), conversation);
      return client.invalidateQueries({ queryKey: inboxKeys.conversations });
    },
  });
}

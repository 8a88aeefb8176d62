import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from './client';
import type { Channel, ChannelTestResult, CreateChannelInput, Page, UpdateChannelInput } from './types';

export const channelKeys = { all: ['channels'] as const };

export const channelsApi = {
  list: () => http.get<Page<Channel>>('/api/channels', { limit: 100 }),
  create: (body: CreateChannelInput) => http.post<Channel>('/api/channels', body),
  update: (id: string, body: UpdateChannelInput) => http.patch<Channel>(`/api/channels/${id}`, body),
  remove: (id: string) => http.delete(`/api/channels/${id}`),
  test: (id: string) => http.post<ChannelTestResult>(`/api/channels/${id}/test`),
};

/** Channels (admins only: agents get a 403, so the query is off for them). */
export function useChannels(enabled = true) {
  return useQuery({ queryKey: channelKeys.all, queryFn: channelsApi.list, enabled, refetchInterval: 60_000 });
}

export function useChannelMutation<TArgs, TResult>(fn: (args: TArgs) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: channelKeys.all }),
  });
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from './client';
import type { Assistant, AssistantInput, AssistantVersion, Page } from './types';

export const assistantKeys = {
  all: ['assistants'] as const,
  one: (id: string) => ['assistants', id] as const,
  versions: (id: string) => ['assistants', id, 'versions'] as const,
};

export const assistantsApi = {
  list: () => http.get<Page<Assistant>>('/api/assistants', { limit: 100 }),
  get: (id: string) => http.get<Assistant>(`/api/assistants/${id}`),
  create: (body: AssistantInput & { name: string; instructions: string }) =>
    http.post<Assistant>('/api/assistants', body),
  update: (id: string, body: AssistantInput) => http.patch<Assistant>(`/api/assistants/${id}`, body),
  remove: (id: string) => http.delete(`/api/assistants/${id}`),
  publish: (id: string) => http.post<Assistant>(`/api/assistants/${id}/publish`),
  rollback: (id: string, version: number) =>
    http.post<Assistant>(`/api/assistants/${id}/rollback`, { version }),
  versions: (id: string) =>
    http.get<Page<AssistantVersion>>(`/api/assistants/${id}/versions`, { limit: 100 }),
};

export function useAssistants(enabled = true) {
  return useQuery({ queryKey: assistantKeys.all, queryFn: assistantsApi.list, enabled });
}

export function useAssistant(id: string) {
  return useQuery({ queryKey: assistantKeys.one(id), queryFn: () => assistantsApi.get(id) });
}

export function useAssistantVersions(id: string) {
  return useQuery({ queryKey: assistantKeys.versions(id), queryFn: () => assistantsApi.versions(id) });
}

/** Any change to an assistant refreshes the list, the assistant and its versions. */
export function useAssistantMutation<TArgs, TResult>(fn: (args: TArgs) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: assistantKeys.all }),
  });
}

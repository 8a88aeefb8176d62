import { Select, SimpleGrid, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useChannels } from '../../api/channels';
import { useMembers } from '../../api/accounts';
import type { ConversationFilters, ConversationState } from '../../api/types';
import { useSession } from '../../auth/session';
import { channelLabel } from '../../components/format';
import { STATE_LABEL } from './labels';

export interface FilterInput {
  channelId: string | null;
  state: string | null;
  assigneeId: string | null;
  search: string;
}

export function toFilters(input: FilterInput, debouncedSearch: string): ConversationFilters {
  return {
    ...(input.channelId ? { channelId: input.channelId } : {}),
    ...(input.state ? { state: input.state as ConversationState } : {}),
    ...(input.assigneeId ? { assigneeId: input.assigneeId } : {}),
    ...(debouncedSearch.trim() ? { q: debouncedSearch.trim() } : {}),
  };
}

export function ConversationFiltersBar({
  value,
  onChange,
}: {
  value: FilterInput;
  onChange: (next: FilterInput) => void;
}) {
  const { isAdmin } = useSession();
  const channels = useChannels(isAdmin);
  const members = useMembers();
  return (
    <SimpleGrid cols={2} spacing="xs">
      <TextInput
        aria-label="Search conversations"
        placeholder="Search messages or names"
        leftSection={<IconSearch size={14} />}
        value={value.search}
        onChange={(e) => onChange({ ...value, search: e.currentTarget.value })}
        style={{ gridColumn: 'span 2' }}
      />
      <Select
        aria-label="State"
        placeholder="Any state"
        clearable
        data={(['bot', 'human', 'closed'] as const).map((s) => ({ value: s, label: STATE_LABEL[s] }))}
        value={value.state}
        onChange={(state) => onChange({ ...value, state })}
      />
      <Select
        aria-label="Assignee"
        placeholder="Anyone"
        clearable
        data={[
          { value: 'me', label: 'Assigned to me' },
          { value: 'none', label: 'Unassigned' },
          ...(members.data?.items ?? []).map((m) => ({ value: m.userId, label: m.name ?? m.email })),
        ]}
        value={value.assigneeId}
        onChange={(assigneeId) => onChange({ ...value, assigneeId })}
      />
      {isAdmin && (
        <Select
          aria-label="Channel"
          placeholder="All channels"
          clearable
          data={(channels.data?.items ?? []).map((c) => ({
            value: c.id,
            label: `${channelLabel(c.type)} · ${c.name ?? c.externalId}`,
          }))}
          value={value.channelId}
          onChange={(channelId) => onChange({ ...value, channelId })}
          style={{ gridColumn: 'span 2' }}
        />
      )}
    </SimpleGrid>
  );
}

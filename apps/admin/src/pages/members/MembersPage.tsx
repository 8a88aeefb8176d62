import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { IconTrash } from '@tabler/icons-react';
import { accountKeys, accountsApi, useListMutation, useMembers } from '../../api/accounts';
import { errorMessage } from '../../api/client';
import { ROLES, type Member, type Role } from '../../api/types';
import { useSession } from '../../auth/session';
import { formatDateTime } from '../../components/format';
import { ErrorAlert, Loading, PageHeader } from '../../components/states';

const ROLE_HELP: Record<Role, string> = {
  owner: 'everything, including owners',
  admin: 'assistants, channels, members, keys',
  agent: 'the inbox and contacts',
};
const roleOptions = ROLES.map((r) => ({ value: r, label: `${r} — ${ROLE_HELP[r]}` }));

function MemberRow({ member, canManage }: { member: Member; canManage: boolean }) {
  const { me } = useSession();
  const change = useListMutation(accountKeys.members, (role: Role) =>
    accountsApi.changeRole(member.userId, role),
  );
  const remove = useListMutation(accountKeys.members, () => accountsApi.removeMember(member.userId));
  const error = change.error ?? remove.error;
  const self = me?.user?.id === member.userId;
  return (
    <Table.Tr>
      <Table.Td>
        {member.name ?? member.email}{' '}
        {self && (
          <Text span c="dimmed">
            (you)
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {member.email}
        </Text>
        {error && (
          <Text size="xs" c="red" role="alert">
            {errorMessage(error)}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {canManage && !self ? (
          <Select
            aria-label={`Role of ${member.email}`}
            data={ROLES.map((r) => ({ value: r, label: r }))}
            value={member.role}
            allowDeselect={false}
            onChange={(role) => role && change.mutate(role as Role)}
            w={120}
            size="xs"
          />
        ) : (
          member.role
        )}
      </Table.Td>
      <Table.Td>{formatDateTime(member.joinedAt)}</Table.Td>
      <Table.Td>
        {canManage && !self && (
          <ActionIcon
            color="red"
            variant="subtle"
            aria-label={`Remove ${member.email}`}
            onClick={() => remove.mutate(undefined)}
            loading={remove.isPending}
          >
            <IconTrash size={16} />
          </ActionIcon>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function Invitations() {
  const invitations = useQuery({ queryKey: accountKeys.invitations, queryFn: accountsApi.invitations });
  const invite = useListMutation(accountKeys.invitations, (v: { email: string; role: Role }) =>
    accountsApi.invite(v.email, v.role),
  );
  const revoke = useListMutation(accountKeys.invitations, accountsApi.revokeInvitation);
  const form = useForm<{ email: string; role: Role }>({
    initialValues: { email: '', role: 'agent' },
    validate: { email: (v) => (/^\S+@\S+\.\S+$/.test(v) ? null : 'Enter an email address') },
  });
  return (
    <Paper withBorder p="md">
      <Title order={4} mb="sm">
        Invite someone
      </Title>
      <form
        noValidate
        onSubmit={form.onSubmit((v) =>
          invite.mutate(v, {
            onSuccess: () => {
              form.reset();
              notifications.show({ color: 'teal', message: `Invitation sent to ${v.email}` });
            },
          }),
        )}
      >
        <Group align="flex-start" wrap="wrap">
          <TextInput
            label="Email"
            type="email"
            {...form.getInputProps('email')}
            style={{ flex: 1, minWidth: 220 }}
          />
          <Select
            label="Role"
            data={roleOptions}
            allowDeselect={false}
            {...form.getInputProps('role')}
            w={320}
          />
          <Button type="submit" mt={24} loading={invite.isPending}>
            Invite
          </Button>
        </Group>
      </form>
      {invite.isError && <ErrorAlert error={invite.error} title="Not invited" />}
      <Text size="xs" c="dimmed" mt="xs">
        Until mail is set up, the invitation link (/invite?token=…) is written to the server log.
      </Text>
      {(invitations.data?.items.length ?? 0) > 0 && (
        <Table mt="md">
          <Table.Tbody>
            {invitations.data?.items.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>{i.email}</Table.Td>
                <Table.Td>{i.role}</Table.Td>
                <Table.Td>expires {formatDateTime(i.expiresAt)}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="subtle" color="red" onClick={() => revoke.mutate(i.id)}>
                    Revoke
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

export function MembersPage() {
  const { isAdmin } = useSession();
  const members = useMembers();
  return (
    <>
      <PageHeader title="Members & roles">
        Owners and admins manage the workspace; agents work the inbox.
      </PageHeader>
      {!isAdmin && <Alert color="gray">Only owners and admins can invite people or change roles.</Alert>}
      <Stack>
        {members.isPending && <Loading />}
        {members.isError && <ErrorAlert error={members.error} />}
        {members.isSuccess && (
          <Table.ScrollContainer minWidth={520}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Member</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Joined</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {members.data.items.map((m) => (
                  <MemberRow key={m.userId} member={m} canManage={isAdmin} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {isAdmin && <Invitations />}
      </Stack>
    </>
  );
}

import {
  Button,
  Code,
  Paper,
  PasswordInput,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
  useMantineColorScheme,
  type MantineColorScheme,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { authApi } from '../../api/auth';
import { useSession } from '../../auth/session';
import { ErrorAlert, PageHeader } from '../../components/states';
import { PASSWORD_MIN } from '../auth/SignupPage';

function ChangePassword() {
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', confirm: '' },
    validate: {
      currentPassword: (v) => (v ? null : 'Enter your current password'),
      newPassword: (v) => (v.length >= PASSWORD_MIN ? null : `At least ${PASSWORD_MIN} characters`),
      confirm: (v, values) => (v === values.newPassword ? null : 'The passwords differ'),
    },
  });
  const change = useMutation({ mutationFn: authApi.changePassword });
  return (
    <Paper withBorder p="md">
      <Title order={4} mb="sm">
        Password
      </Title>
      <form
        noValidate
        onSubmit={form.onSubmit(({ currentPassword, newPassword }) =>
          change.mutate(
            { currentPassword, newPassword },
            {
              onSuccess: () => {
                form.reset();
                notifications.show({
                  color: 'teal',
                  message: 'Password changed. Your other sessions were signed out.',
                });
              },
            },
          ),
        )}
      >
        <Stack maw={380}>
          {change.isError && <ErrorAlert error={change.error} title="Password not changed" />}
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            {...form.getInputProps('currentPassword')}
          />
          <PasswordInput
            label="New password"
            autoComplete="new-password"
            {...form.getInputProps('newPassword')}
          />
          <PasswordInput
            label="Repeat the new password"
            autoComplete="new-password"
            {...form.getInputProps('confirm')}
          />
          <Button type="submit" loading={change.isPending}>
            Change password
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

export function SettingsPage() {
  const { me } = useSession();
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  return (
    <>
      <PageHeader title="Settings">Your workspace and your account.</PageHeader>
      <Paper withBorder p="md">
        <Title order={4} mb="sm">
          Workspace
        </Title>
        <Table>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Td>{me?.tenant.name}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>ID</Table.Th>
              <Table.Td>
                <Code>{me?.tenant.id}</Code>
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Your role</Table.Th>
              <Table.Td>{me?.role}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Signed in as</Table.Th>
              <Table.Td>{me?.user?.email ?? me?.apiKey?.name}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        {(me?.memberships.length ?? 0) > 1 && (
          <Text size="sm" c="dimmed" mt="sm">
            You also belong to:{' '}
            {me?.memberships
              .filter((m) => m.tenantId !== me.tenant.id)
              .map((m) => `${m.tenantName} (${m.role})`)
              .join(', ')}
          </Text>
        )}
      </Paper>
      <Paper withBorder p="md">
        <Title order={4} mb="sm">
          Appearance
        </Title>
        <SegmentedControl
          value={colorScheme}
          onChange={(value) => setColorScheme(value as MantineColorScheme)}
          data={[
            { value: 'auto', label: 'System' },
            { value: 'light', label: 'Light' },
            { value: 'dark', label: 'Dark' },
          ]}
          aria-label="Colour scheme"
        />
      </Paper>
      {me?.user && <ChangePassword />}
    </>
  );
}

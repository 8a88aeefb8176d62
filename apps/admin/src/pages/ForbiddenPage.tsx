import { Alert } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useSession } from '../auth/session';

/** What an agent sees on an owner/admin page: the reason, not an error. */
export function ForbiddenPage() {
  const { role } = useSession();
  return (
    <Alert
      color="gray"
      icon={<IconLock />}
      title="Only owners and admins can open this page"
      data-testid="forbidden"
    >
      You are signed in as {role === 'agent' ? 'an agent' : (role ?? 'a member')}. Agents work the inbox and
      contacts; ask an admin of this workspace if you need more access.
    </Alert>
  );
}

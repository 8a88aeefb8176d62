import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { authApi } from '../../api/auth';
import { errorMessage } from '../../api/client';
import { useSession } from '../../auth/session';
import { AuthCard } from './AuthCard';

/** /invite?token=…: joins a workspace (new account: choose a password; existing: your current one). */
export function InvitePage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const session = useSession();
  const navigate = useNavigate();
  const form = useForm({ initialValues: { name: '', password: '' } });
  const accept = useMutation({
    mutationFn: authApi.acceptInvitation,
    onSuccess: (result) => {
      session.start(result);
      void navigate('/', { replace: true });
    },
  });

  if (!token)
    return (
      <AuthCard title="Invitation link incomplete">
        <Alert color="red" role="alert">
          This link has no invitation token. Open the link from your invitation again, or ask for a new one.
        </Alert>
        <Anchor component={Link} to="/login">
          Go to log in
        </Anchor>
      </AuthCard>
    );

  return (
    <AuthCard
      title="Join the workspace"
      subtitle="New to Cria: choose a password. Already have an account: enter its current password."
    >
      <form
        onSubmit={form.onSubmit(({ name, password }) =>
          accept.mutate({ token, password, ...(name.trim() ? { name } : {}) }),
        )}
        noValidate
      >
        <Stack>
          {accept.isError && (
            <Alert color="red" role="alert">
              {errorMessage(accept.error)}
            </Alert>
          )}
          <TextInput label="Your name" autoComplete="name" {...form.getInputProps('name')} />
          <PasswordInput
            label="Password"
            required
            autoComplete="new-password"
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={accept.isPending}>
            Accept invitation
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}

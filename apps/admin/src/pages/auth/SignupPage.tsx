import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { Link, Navigate, useNavigate } from 'react-router';
import { authApi } from '../../api/auth';
import { errorMessage } from '../../api/client';
import { useSession } from '../../auth/session';
import { AuthCard } from './AuthCard';

export const PASSWORD_MIN = 8;

export function SignupPage() {
  const session = useSession();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { organization: '', name: '', email: '', password: '' },
    validate: {
      organization: (v) => (v.trim() ? null : 'Name your business'),
      email: (v) => (/^\S+@\S+\.\S+$/.test(v) ? null : 'Enter a valid email address'),
      password: (v) => (v.length >= PASSWORD_MIN ? null : `At least ${PASSWORD_MIN} characters`),
    },
  });
  const signup = useMutation({
    mutationFn: authApi.signup,
    onSuccess: (result) => {
      session.start(result);
      void navigate('/', { replace: true });
    },
  });
  if (session.signedIn && !signup.isPending) return <Navigate to="/" replace />;

  return (
    <AuthCard
      title="Create your workspace"
      subtitle={
        <>
          Already have an account?{' '}
          <Anchor component={Link} to="/login">
            Log in
          </Anchor>
        </>
      }
    >
      <form
        onSubmit={form.onSubmit(({ name, ...values }) =>
          signup.mutate({ ...values, ...(name.trim() ? { name } : {}) }),
        )}
        noValidate
      >
        <Stack>
          {signup.isError && (
            <Alert color="red" role="alert">
              {errorMessage(signup.error)}
            </Alert>
          )}
          <TextInput
            label="Business name"
            required
            autoComplete="organization"
            {...form.getInputProps('organization')}
          />
          <TextInput label="Your name" autoComplete="name" {...form.getInputProps('name')} />
          <TextInput
            label="Email"
            type="email"
            required
            autoComplete="email"
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label="Password"
            description={`At least ${PASSWORD_MIN} characters`}
            required
            autoComplete="new-password"
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={signup.isPending}>
            Sign up
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}

import { Anchor } from '@mantine/core';
import { Link } from 'react-router';
import { EmptyState } from '../components/states';

export function NotFoundPage() {
  return (
    <EmptyState title="This page does not exist">
      <Anchor component={Link} to="/">
        Back to the dashboard
      </Anchor>
    </EmptyState>
  );
}

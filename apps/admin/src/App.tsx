import { Center, Loader } from '@mantine/core';
import { lazy, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useSession } from './auth/session';
import { AppLayout } from './layout/AppLayout';
import { InvitePage } from './pages/auth/InvitePage';
import { LoginPage } from './pages/auth/LoginPage';
import { SignupPage } from './pages/auth/SignupPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ForbiddenPage } from './pages/ForbiddenPage';

// Pages load on first visit: the sign-in screens and the frame come first, charts only where needed.
const ApiKeysPage = lazy(() =>
  import('./pages/api-keys/ApiKeysPage').then((m) => ({ default: m.ApiKeysPage })),
);
const AssistantEditorPage = lazy(() =>
  import('./pages/assistants/AssistantEditorPage').then((m) => ({ default: m.AssistantEditorPage })),
);
const AssistantsPage = lazy(() =>
  import('./pages/assistants/AssistantsPage').then((m) => ({ default: m.AssistantsPage })),
);
const AuditPage = lazy(() => import('./pages/audit/AuditPage').then((m) => ({ default: m.AuditPage })));
const ChannelsPage = lazy(() =>
  import('./pages/channels/ChannelsPage').then((m) => ({ default: m.ChannelsPage })),
);
const ContactsPage = lazy(() =>
  import('./pages/contacts/ContactsPage').then((m) => ({ default: m.ContactsPage })),
);
const DashboardPage = lazy(() =>
  import('./pages/dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })),
);
const InboxPage = lazy(() => import('./pages/inbox/InboxPage').then((m) => ({ default: m.InboxPage })));
const KnowledgePage = lazy(() =>
  import('./pages/knowledge/KnowledgePage').then((m) => ({ default: m.KnowledgePage })),
);
const MembersPage = lazy(() =>
  import('./pages/members/MembersPage').then((m) => ({ default: m.MembersPage })),
);
const ModelPage = lazy(() => import('./pages/model/ModelPage').then((m) => ({ default: m.ModelPage })));
const SettingsPage = lazy(() =>
  import('./pages/settings/SettingsPage').then((m) => ({ default: m.SettingsPage })),
);
const UsagePage = lazy(() => import('./pages/usage/UsagePage').then((m) => ({ default: m.UsagePage })));

function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (!session.signedIn) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  if (session.loading)
    return (
      <Center h="100vh">
        <Loader aria-label="Loading your workspace" />
      </Center>
    );
  return <>{children}</>;
}

/** Pages the API reserves for owners and admins: agents see why instead of an error. */
function AdminOnly({ children }: { children: ReactNode }) {
  const session = useSession();
  return session.isAdmin ? <>{children}</> : <ForbiddenPage />;
}

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/signup" element={<SignupPage />} />
      <Route path="/invite" element={<InvitePage />} />
      <Route
        element={
          <RequireSession>
            <AppLayout />
          </RequireSession>
        }
      >
        <Route index element={<DashboardPage />} />
        <Route path="inbox" element={<InboxPage />} />
        <Route path="inbox/:conversationId" element={<InboxPage />} />
        <Route path="contacts" element={<ContactsPage />} />
        <Route
          path="assistants"
          element={
            <AdminOnly>
              <AssistantsPage />
            </AdminOnly>
          }
        />
        <Route
          path="assistants/:assistantId"
          element={
            <AdminOnly>
              <AssistantEditorPage />
            </AdminOnly>
          }
        />
        <Route
          path="channels"
          element={
            <AdminOnly>
              <ChannelsPage />
            </AdminOnly>
          }
        />
        <Route path="knowledge" element={<KnowledgePage />} />
        <Route path="members" element={<MembersPage />} />
        <Route
          path="api-keys"
          element={
            <AdminOnly>
              <ApiKeysPage />
            </AdminOnly>
          }
        />
        <Route
          path="usage"
          element={
            <AdminOnly>
              <UsagePage />
            </AdminOnly>
          }
        />
        <Route
          path="audit"
          element={
            <AdminOnly>
              <AuditPage />
            </AdminOnly>
          }
        />
        <Route path="model" element={<ModelPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

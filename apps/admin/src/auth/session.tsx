import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import { authApi } from '../api/auth';
import type { Me, Role, SessionTokens } from '../api/types';
import { tokenStore } from './tokens';

export interface Session {
  signedIn: boolean;
  me: Me | undefined;
  loading: boolean;
  role: Role | undefined;
  /** Owners and admins: assistants, channels, members, keys, usage, audit. */
  isAdmin: boolean;
  start(tokens: SessionTokens): void;
  logout(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const tokens = useSyncExternalStore(
    (listener) => tokenStore.subscribe(listener),
    () => tokenStore.get(),
  );
  const signedIn = tokens !== null;
  const me = useQuery({ queryKey: ['me'], queryFn: authApi.me, enabled: signedIn, staleTime: 60_000 });

  // signing out (here, in another tab, or when a refresh fails) forgets every cached answer
  useEffect(() => {
    if (!signedIn) client.clear();
  }, [signedIn, client]);

  const start = useCallback(
    (next: SessionTokens) => {
      client.clear();
      tokenStore.set({ accessToken: next.accessToken, refreshToken: next.refreshToken });
    },
    [client],
  );

  const logout = useCallback(async () => {
    const current = tokenStore.get();
    tokenStore.set(null);
    if (current) await authApi.logout(current.refreshToken).catch(() => undefined);
  }, []);

  const value = useMemo<Session>(() => {
    const role = me.data?.role;
    return {
      signedIn,
      me: me.data,
      loading: signedIn && me.isPending,
      role,
      isAdmin: role === 'owner' || role === 'admin',
      start,
      logout,
    };
  }, [signedIn, me.data, me.isPending, start, logout]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

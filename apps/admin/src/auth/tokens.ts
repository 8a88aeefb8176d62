import type { SessionTokens } from '../api/types';

const STORAGE_KEY = 'cria.session';

type Listener = (tokens: SessionTokens | null) => void;

function load(): SessionTokens | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<SessionTokens>;
    return typeof value.accessToken === 'string' && typeof value.refreshToken === 'string'
      ? { accessToken: value.accessToken, refreshToken: value.refreshToken }
      : null;
  } catch {
    return null;
  }
}

/**
 * The session's tokens: kept in memory for every request, mirrored in localStorage so a reload (or
 * another tab) stays signed in. Refresh tokens rotate: each refresh replaces both.
 */
class TokenStore {
  private tokens: SessionTokens | null = load();
  private readonly listeners = new Set<Listener>();

  constructor() {
    window.addEventListener('storage', (event) => {
      if (event.key !== STORAGE_KEY) return;
      this.tokens = load();
      this.emit();
    });
  }

  get(): SessionTokens | null {
    return this.tokens;
  }

  set(tokens: SessionTokens | null): void {
    this.tokens = tokens;
    if (tokens) localStorage.setItem(STORAGE_KEY, JSON.stringify(tokens));
    else localStorage.removeItem(STORAGE_KEY);
    this.emit();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.tokens);
  }
}

export const tokenStore = new TokenStore();

import { request } from './client';
import type { Me, SessionTokens, SignupResult } from './types';

export const authApi = {
  signup: (body: { email: string; password: string; organization: string; name?: string }) =>
    request<SignupResult>('POST', '/api/auth/signup', { body, anonymous: true }),
  login: (body: { email: string; password: string }) =>
    request<SessionTokens>('POST', '/api/auth/login', { body, anonymous: true }),
  acceptInvitation: (body: { token: string; password?: string; name?: string }) =>
    request<SignupResult>('POST', '/api/auth/invitations/accept', { body, anonymous: true }),
  logout: (refreshToken: string) =>
    request<void>('POST', '/api/auth/logout', { body: { refreshToken }, anonymous: true }),
  me: () => request<Me>('GET', '/api/auth/me'),
  changePassword: (body: { currentPassword: string; newPassword: string }) =>
    request<void>('POST', '/api/auth/password', { body }),
};

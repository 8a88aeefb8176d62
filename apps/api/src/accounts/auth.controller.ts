import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import {
  AcceptInvitationDto,
  ANY_ROLE,
  AuthService,
  Authenticated,
  ChangePasswordDto,
  Client,
  CurrentActor,
  InvitationService,
  LocalAuthGuard,
  LoginDto,
  LogoutDto,
  MeView,
  RefreshDto,
  SessionTokensView,
  SignupDto,
  SignupView,
  VerifiedLogin,
  bearerToken,
  type Actor,
  type ClientInfo,
  type SessionIdentity,
} from '@cria/auth';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly invitations: InvitationService,
  ) {}

  @Post('signup')
  @ApiOperation({ summary: 'Create a workspace and its owner, signed in' })
  @ApiCreatedResponse({ type: SignupView })
  @ApiConflictResponse({ description: 'The email has an account already' })
  @ApiTooManyRequestsResponse({ description: 'Too many sign-ups from this address (Retry-After)' })
  signup(@Body() dto: SignupDto, @Client() client: ClientInfo): Promise<SignupView> {
    return this.auth.signup(dto, client);
  }

  @Post('login')
  @HttpCode(200)
  @UseGuards(LocalAuthGuard)
  @ApiOperation({ summary: 'Sign in (to the first workspace joined, or `tenantId`)' })
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: SessionTokensView })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password' })
  @ApiTooManyRequestsResponse({
    description: 'Too many failed attempts for the account or address (Retry-After)',
  })
  login(
    @VerifiedLogin() identity: SessionIdentity,
    @Client() client: ClientInfo,
  ): Promise<SessionTokensView> {
    return this.auth.login(identity, client);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for new tokens (the old one stops working)' })
  @ApiOkResponse({ type: SessionTokensView })
  @ApiUnauthorizedResponse({ description: 'Invalid, expired, or reused (the session is then revoked)' })
  refresh(@Body() dto: RefreshDto, @Client() client: ClientInfo): Promise<SessionTokensView> {
    return this.auth.refresh(dto.refreshToken, client);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End a session: send its refresh token, or its access token as Bearer' })
  @ApiNoContentResponse()
  logout(@Body() dto: LogoutDto, @Req() request: Request): Promise<void> {
    return this.auth.logout({ refreshToken: dto.refreshToken, accessToken: bearerToken(request, false) });
  }

  @Post('password')
  @HttpCode(204)
  @Authenticated(...ANY_ROLE)
  @ApiOperation({ summary: 'Change my password; my other sessions are signed out' })
  @ApiNoContentResponse()
  changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(actor, dto);
  }

  @Get('me')
  @Authenticated(...ANY_ROLE)
  @ApiOperation({ summary: 'Who I am: user (or API key), workspace, role' })
  @ApiOkResponse({ type: MeView })
  me(@CurrentActor() actor: Actor): Promise<MeView> {
    return this.auth.me(actor);
  }

  @Post('invitations/accept')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Join a workspace with an invitation token (creates the account, or attaches it)',
  })
  @ApiOkResponse({ type: SignupView })
  acceptInvitation(@Body() dto: AcceptInvitationDto, @Client() client: ClientInfo): Promise<SignupView> {
    return this.invitations.accept(dto, client);
  }
}

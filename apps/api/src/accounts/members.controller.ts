import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  ADMIN_ROLES,
  ANY_ROLE,
  Authenticated,
  ChangeRoleDto,
  CurrentActor,
  InvitationPageView,
  InvitationService,
  InvitationView,
  InviteMemberDto,
  MemberPageView,
  MemberService,
  MemberView,
  PageQueryDto,
  Roles,
  type Actor,
  type Page,
} from '@cria/auth';

@ApiTags('members')
@Authenticated(...ADMIN_ROLES)
@Controller('api/members')
export class MembersController {
  constructor(
    private readonly members: MemberService,
    private readonly invitations: InvitationService,
  ) {}

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Members of the workspace (everyone may list them, to assign conversations)' })
  @ApiOkResponse({ type: MemberPageView })
  list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<Page<MemberView>> {
    return this.members.list(actor, query);
  }

  @Patch(':userId')
  @ApiOperation({ summary: 'Change a member’s role (only owners grant or change the owner role)' })
  @ApiOkResponse({ type: MemberView })
  changeRole(
    @CurrentActor() actor: Actor,
    @Param('userId') userId: string,
    @Body() dto: ChangeRoleDto,
  ): Promise<MemberView> {
    return this.members.changeRole(actor, userId, dto);
  }

  @Delete(':userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a member (the last owner cannot be removed)' })
  @ApiNoContentResponse()
  remove(@CurrentActor() actor: Actor, @Param('userId') userId: string): Promise<void> {
    return this.members.remove(actor, userId);
  }

  @Post('invitations')
  @ApiOperation({
    summary: 'Invite someone by email (the link is written to the server log until mail is set up)',
  })
  @ApiCreatedResponse({ type: InvitationView })
  invite(@CurrentActor() actor: Actor, @Body() dto: InviteMemberDto): Promise<InvitationView> {
    return this.invitations.invite(actor, dto);
  }

  @Get('invitations')
  @ApiOperation({ summary: 'Pending invitations' })
  @ApiOkResponse({ type: InvitationPageView })
  invitationsList(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<Page<InvitationView>> {
    return this.invitations.listPending(actor, query);
  }

  @Delete('invitations/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a pending invitation' })
  @ApiNoContentResponse()
  revokeInvitation(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    return this.invitations.revoke(actor, id);
  }
}

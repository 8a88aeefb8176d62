import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ANY_ROLE, Authenticated, CurrentActor, type Actor, type Page } from '@cria/auth';
import {
  ContactListQueryDto,
  ContactPageView,
  ContactService,
  ContactView,
  UpdateContactDto,
} from '@cria/conversations';

@ApiTags('contacts')
@Authenticated(...ANY_ROLE)
@Controller('api/contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactService) {}

  @Get()
  @ApiOperation({ summary: 'Contacts, newest first; search by name or platform id' })
  @ApiOkResponse({ type: ContactPageView })
  list(@CurrentActor() actor: Actor, @Query() query: ContactListQueryDto): Promise<Page<ContactView>> {
    return this.contacts.list(actor, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ContactView })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ContactView> {
    return this.contacts.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Opt the contact out of (or back into) automated messages; rename' })
  @ApiOkResponse({ type: ContactView })
  update(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: UpdateContactDto,
  ): Promise<ContactView> {
    return this.contacts.update(actor, id, dto);
  }
}

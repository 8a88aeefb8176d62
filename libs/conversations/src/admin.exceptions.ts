import { AppException, ConflictException, NotFoundException, ValidationException } from '@cria/core';

export class ChannelNotFoundException extends NotFoundException {
  constructor(id: string) {
    super('Channel', id);
  }
}

export class ConversationNotFoundException extends NotFoundException {
  constructor(id: string) {
    super('Conversation', id);
  }
}

export class ContactNotFoundException extends NotFoundException {
  constructor(id: string) {
    super('Contact', id);
  }
}

/** One phone number / page / Instagram account routes to exactly one channel, across all tenants. */
export class ChannelExistsException extends ConflictException {
  constructor(type: string) {
    super(`This ${type} account is already connected to a channel`, { field: 'externalId' });
  }
}

/** Meta allows free-form messages only within 24 h of the customer's last message. */
export class WindowClosedException extends AppException {
  readonly code = 'window_closed';
  readonly status = 409;
  constructor(windowExpiresAt: Date | null) {
    super(
      'Free-form replies are only allowed within 24 hours of the customer’s last message; ' +
        (windowExpiresAt
          ? `this conversation’s window closed at ${windowExpiresAt.toISOString()}`
          : 'the customer has not written in this conversation yet'),
      { windowExpiresAt: windowExpiresAt?.toISOString() ?? null },
    );
  }
}

export class ConversationClosedException extends AppException {
  readonly code = 'conversation_closed';
  readonly status = 409;
  constructor() {
    super('This conversation is closed');
  }
}

export class ChannelUnavailableException extends AppException {
  readonly code = 'channel_unavailable';
  readonly status = 409;
  constructor(status: string) {
    super(
      status === 'needs_reauth'
        ? 'The channel needs a new access token before it can send (PATCH the channel with accessToken)'
        : 'The channel is disabled',
      { channelStatus: status },
    );
  }
}

export class MessageTooLongException extends ValidationException {
  constructor(limit: string) {
    const message = `text is too long for this channel (${limit})`;
    super(message, { text: [message] });
  }
}

/** A reply's clientMessageId (its idempotency key) already named a message of another conversation. */
export class ClientMessageIdTakenException extends ConflictException {
  constructor() {
    super('clientMessageId was already used for a message of another conversation', {
      field: 'clientMessageId',
    });
  }
}

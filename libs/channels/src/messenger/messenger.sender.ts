import { MessagingSender } from './messaging.sender';

/** Messenger Send API: `POST {graphUrl}/{version}/{page_id}/messages`; texts split at 2000 characters. */
export class MessengerSender extends MessagingSender {
  readonly channel = 'messenger' as const;
  protected readonly accountFields = 'id,name';
}

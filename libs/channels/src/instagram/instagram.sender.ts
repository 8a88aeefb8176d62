import { MessagingSender } from '../messenger/messaging.sender';

/**
 * Instagram messaging: `POST {graphUrl}/{version}/{instagram_account_id}/messages`; texts split at 1000
 * UTF-8 bytes (emoji and accents count several bytes).
 */
export class InstagramSender extends MessagingSender {
  readonly channel = 'instagram' as const;
  protected readonly accountFields = 'id,username,name';
}

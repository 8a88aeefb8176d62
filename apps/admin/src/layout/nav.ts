import {
  IconAddressBook,
  IconBooks,
  IconBrandWhatsapp,
  IconChartBar,
  IconClipboardList,
  IconCpu,
  IconKey,
  IconLayoutDashboard,
  IconMessages,
  IconRobot,
  IconSettings,
  IconUsers,
  type Icon,
} from '@tabler/icons-react';

export interface NavItem {
  to: string;
  label: string;
  icon: Icon;
  /** The API answers 403 to agents there: the link is hidden from them. */
  adminOnly?: boolean;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/', label: 'Dashboard', icon: IconLayoutDashboard },
  { to: '/inbox', label: 'Inbox', icon: IconMessages },
  { to: '/contacts', label: 'Contacts', icon: IconAddressBook },
  { to: '/assistants', label: 'Assistants', icon: IconRobot, adminOnly: true },
  { to: '/channels', label: 'Channels', icon: IconBrandWhatsapp, adminOnly: true },
  // Every role reads and searches the knowledge base; the page hides changes from agents.
  { to: '/knowledge', label: 'Knowledge', icon: IconBooks },
  { to: '/members', label: 'Members & roles', icon: IconUsers },
  { to: '/api-keys', label: 'API keys', icon: IconKey, adminOnly: true },
  { to: '/usage', label: 'Usage', icon: IconChartBar, adminOnly: true },
  { to: '/audit', label: 'Audit log', icon: IconClipboardList, adminOnly: true },
  { to: '/model', label: 'Model status', icon: IconCpu },
  { to: '/settings', label: 'Settings', icon: IconSettings },
];

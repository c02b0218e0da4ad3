// The admin panel pieces are in admin-table.tsx (one family for Users, Tokens and Webhooks);
// this name stays for the Alerts page's import until it moves there.
export { CreatePanel, QueryPanel, ShownOnce } from './admin-table';

import type { Metadata } from 'next';
import { TokensAdmin } from '@/components/admin/tokens-admin';
import { adminPage } from '../admin-only-page';

export const metadata: Metadata = { title: 'API tokens' };
export const dynamic = 'force-dynamic';

export default adminPage('API tokens', TokensAdmin);

import type { Metadata } from 'next';
import { UsersAdmin } from '@/components/admin/users-admin';
import { adminPage } from '../admin-only-page';

export const metadata: Metadata = { title: 'Users' };
export const dynamic = 'force-dynamic';

export default adminPage('Users', UsersAdmin);

import { z } from 'zod';
import { ROLES } from '../auth/actor';

// Shared by the tRPC procedures, the forms that fill them and the CLI.
export const emailSchema = z.string().trim().toLowerCase().max(254, 'must be at most 254 characters').pipe(z.email({ message: 'must be an email address like ada@example.com' }));
export const passwordSchema = z.string().min(10, 'must be at least 10 characters').max(200, 'must be at most 200 characters');
export const roleSchema = z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` });
export const userNameSchema = z.string().trim().max(100, 'must be at most 100 characters');

export const createUserInput = z.object({ email: emailSchema, name: userNameSchema.optional(), password: passwordSchema, role: roleSchema });
export const setupInput = z.object({ email: emailSchema, name: userNameSchema.optional(), password: passwordSchema });
export const loginInput = z.object({ email: z.string().trim().min(1, 'enter your email').max(254), password: z.string().min(1, 'enter your password').max(200) });
export const setRoleInput = z.object({ email: emailSchema, role: roleSchema });
export const userEmailInput = z.object({ email: emailSchema });
export const tokenNameSchema = z.string().trim().min(1, 'give the token a name').max(80, 'must be at most 80 characters');
/** The latest expiry a token may have: dates beyond it (up to JavaScript's year 275760) fit no database column. */
export const LATEST_TOKEN_EXPIRY = new Date('9999-12-31T23:59:59.999Z');
export const createTokenInput = z.object({
  email: emailSchema,
  name: tokenNameSchema,
  expiresAt: z.coerce.date().max(LATEST_TOKEN_EXPIRY, { error: 'must be no later than the year 9999' }).nullable().optional(),
  /** Least privilege: a role below the user's (null or absent: the user's role). */
  role: z.enum(ROLES).nullable().optional(),
});
export const tokenIdInput = z.object({ id: z.string().min(1).max(100) });

// Bundled only by Next.js (route handler, server components); never by the CLI or worker, where 'server-only' throws.
import 'server-only';
import { initTRPC, TRPCError } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import superjson from 'superjson';
import { ZodError } from 'zod';
import { roleAtLeast, SIGN_IN_FIRST, type Role } from '../auth/actor';
import { AppError, fieldErrorsOf, INTERNAL_ERROR_MESSAGE } from '../errors';
import { clipEcho } from '../http/clip-echo';
import { webLogger } from '../lib/web-logger';
import { failsCsrfCheck, type Context } from './context';
import { trpcCodeFor } from './errors';

/** Field errors keyed by the full path (`env.API_KEY`, `httpHeaders.X-A`), so a nested field is named. */
function byPath(issues: { path: string; message: string }[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of issues) (out[issue.path] ??= []).push(issue.message);
  return out;
}

// OpenApiMeta: a procedure's `.meta({ openapi })` also serves it under /api/v1 (server/http/rest-api.ts).
const t = initTRPC.context<Context>().meta<OpenApiMeta>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const fields =
      cause instanceof ZodError
        ? byPath(cause.issues.map((i) => ({ path: i.path.join('.'), message: i.message })))
        : cause instanceof AppError && cause.issues.length > 0
          ? fieldErrorsOf(cause)
          : null;
    const fieldErrors = fields ? Object.fromEntries(Object.entries(fields).map(([path, messages]) => [path, (messages ?? []).map(clipEcho)])) : null;
    const internal = shape.data.code === 'INTERNAL_SERVER_ERROR' && !(cause instanceof AppError);
    // A transformer or parser failing on odd input (a TypeError) is the client's fault, but its text is ours: not echoed.
    const unreadable = shape.data.code === 'BAD_REQUEST' && cause instanceof TypeError;
    return {
      ...shape,
      // Never ship a stack trace or an unexpected error's text to the browser; never echo more than a bit of the input.
      message: internal
        ? INTERNAL_ERROR_MESSAGE
        : unreadable
          ? 'The request input could not be read: send {"json": …} as the tRPC client does.'
          : clipEcho(shape.message),
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        appCode: cause instanceof AppError ? cause.code : null,
        fieldErrors,
      },
    };
  },
});

/** Turns AppErrors into TRPCErrors with the mapped code, and logs unexpected errors with their stack. */
const errorMapping = t.middleware(async ({ next, path, ctx }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) {
      result.error = new TRPCError({ code: trpcCodeFor(cause.code), message: cause.message, cause });
    } else if (result.error.code === 'INTERNAL_SERVER_ERROR') {
      const logger = await ctx.app().then((a) => a.logger).catch(() => webLogger());
      logger.error({ err: cause ?? result.error, path }, 'tRPC procedure failed');
    }
  }
  return result;
});

/**
 * Cookie-authenticated mutations must come from our own pages: a cross-site
 * page can make the browser send the cookie, not pass this check. Bearer
 * requests are exempt (no ambient credential).
 */
const csrfGuard = t.middleware(({ ctx, type, next }) => {
  if (type === 'mutation' && failsCsrfCheck(ctx)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Cross-site request refused: send it from the Cronboard page itself.' });
  }
  return next();
});

/** A signed-in caller with at least `role`; the procedure gets the database and the configuration as `ctx.db` / `ctx.config`. */
function requireRole(role: Role) {
  return t.middleware(async ({ ctx, next }) => {
    if (!ctx.actor) throw new TRPCError({ code: 'UNAUTHORIZED', message: SIGN_IN_FIRST });
    if (!roleAtLeast(ctx.actor.role, role)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `This needs the ${role} role; you are ${ctx.actor.role ?? 'without a role'}.` });
    }
    const { handle, config } = await ctx.app();
    return next({ ctx: { ...ctx, actor: ctx.actor, db: handle.db, config } });
  });
}

/** The request's own fault found by the transport (Context.requestError), thrown once the caller is let in: the access decision comes first. */
const requestErrorAfterAccess = t.middleware(({ ctx, next }) => {
  if (ctx.requestError !== undefined) throw ctx.requestError;
  return next();
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const base = t.procedure.use(errorMapping).use(csrfGuard);
const withRole = (role: Role) => base.use(requireRole(role)).use(requestErrorAfterAccess);

/** Anyone, signed in or not (health, login). */
export const publicProcedure = base.use(requestErrorAfterAccess);
/** Read everything, change nothing. */
export const viewerProcedure = withRole('viewer');
/** Run, cancel, pause, move tasks and edit their board fields (the definition fields are refused in updateTask). */
export const operatorProcedure = withRole('operator');
/** Define what runs: create, duplicate and delete tasks (and edit every field). */
export const editorProcedure = withRole('editor');
/** Users, tokens, settings. */
export const adminProcedure = withRole('admin');

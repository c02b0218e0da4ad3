// THE access decision of every tRPC procedure (and so of every REST route,
// which is a procedure with OpenAPI metadata): read by the tRPC access matrix
// (trpc-access-matrix.test.ts) and the REST one (rest-access-matrix.test.ts).
export type Access = 'public' | 'viewer' | 'operator' | 'editor' | 'admin';

/**
 * THE DECISION TABLE: tRPC path → the minimum role that may call it.
 * public: anyone, signed in or not · viewer: read · operator: run/cancel/pause/move tasks and edit
 * their board fields · editor: define what runs (create, duplicate, delete, edit definition fields) ·
 * admin: users, tokens, settings. Add one row per new procedure (keep them sorted by router).
 */
export const MINIMUM_ROLE: Record<string, Access> = {
  health: 'public',
  'session.me': 'public',
  'session.setupNeeded': 'public',

  'tasks.list': 'viewer',
  'tasks.get': 'viewer',
  'tasks.detail': 'viewer',
  'tasks.chain': 'viewer',
  'tasks.history': 'viewer',
  'tasks.stats': 'viewer',
  'tasks.create': 'editor',
  // Board fields only for an operator; definition fields are refused in the service (trpc-editor-role.test.ts).
  'tasks.update': 'operator',
  'tasks.delete': 'editor',
  'tasks.pause': 'operator',
  'tasks.resume': 'operator',
  'tasks.duplicate': 'editor',
  'tasks.runNow': 'operator',
  'tasks.cancelRun': 'operator',
  'tasks.disable': 'operator',
  'tasks.enable': 'operator',
  'tasks.detach': 'editor',
  // The REST API's task procedures (tasks-api.ts): the same services and roles as the web app's.
  'tasks.search': 'viewer',
  'tasks.add': 'editor',
  'tasks.patch': 'operator',
  'tasks.replace': 'operator',
  'tasks.remove': 'editor',
  'tasks.run': 'operator',
  'tasks.move': 'operator',
  'tasks.runs': 'viewer',

  'board.get': 'viewer',
  'board.failingCount': 'viewer',
  'board.move': 'operator',
  // A WIP limit is part of how the team runs its board, not an instance setting.
  'board.setWipLimit': 'operator',
  'board.quickAdd': 'editor',

  'runs.list': 'viewer',
  'runs.counts': 'viewer',
  'runs.get': 'viewer',
  'runs.logs': 'viewer',
  'runs.retry': 'operator',
  'runs.cancel': 'operator',
  'runs.search': 'viewer',
  'runs.cancelOne': 'operator',
  'runs.retryOne': 'operator',

  'schedules.preview': 'viewer',
  'schedules.upcoming': 'viewer',
  'search.find': 'viewer',
  'workers.list': 'viewer',
  'events.list': 'viewer',
  'events.search': 'viewer',
  // A custom event (issue 13): what an app or a script with an operator token publishes.
  'events.publish': 'operator',
  'events.activity': 'viewer',
  'events.runTransitions': 'viewer',
  'jobs.syncStatus': 'viewer',

  'users.list': 'admin',
  'users.create': 'admin',
  'users.setRole': 'admin',
  'users.disable': 'admin',
  'users.enable': 'admin',
  'tokens.list': 'admin',
  'tokens.create': 'admin',
  'tokens.revoke': 'admin',
  'webhooks.list': 'admin',
  'webhooks.create': 'admin',
  'webhooks.remove': 'admin',
  'webhooks.setEnabled': 'admin',
  'webhooks.test': 'admin',
  'webhooks.deliveries': 'admin',
  'webhooks.redeliver': 'admin',

  // The global scheduler switch: everyone signed in sees the banner; pausing is an instance setting.
  'scheduler.state': 'viewer',
  'scheduler.pause': 'admin',
  'scheduler.resume': 'admin',
  'alerts.rules': 'admin',
  'alerts.create': 'admin',
  'alerts.remove': 'admin',
  'alerts.setEnabled': 'admin',
  'alerts.forTask': 'viewer',
  'alerts.incidents': 'viewer',
  'alerts.openCount': 'viewer',
  'alerts.acknowledge': 'operator',
};

/**
 * The schedule-server compatibility API (POST /schedule, server/compat/schedule-server.ts): its
 * actions are not tRPC procedures, so they have their own rows, read by schedule-server.test.ts.
 */
export const SCHEDULE_SERVER_MINIMUM_ROLE: Record<'create' | 'list' | 'remove' | 'start' | 'stop', Access> = {
  create: 'editor',
  list: 'viewer',
  remove: 'editor',
  start: 'admin',
  stop: 'admin',
};

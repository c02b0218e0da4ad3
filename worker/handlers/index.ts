/**
 * Handlers the worker can run by name (tasks of kind `handler`). Importing
 * this module registers the built-ins and every handler module listed below.
 * To add one, see README.md in this folder.
 */
export { getHandler, handlerNames, registerHandler, type Handler, type HandlerContext, type HandlerLogger } from './registry';

// Built-ins: noop, sleep, http.
import './builtins';

// Your handlers: one import per module, e.g.
// import './send-report';

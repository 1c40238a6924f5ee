/**
 * Every route of docs/http-api.md the daemon serves, in the order the document lists them. The
 * OpenAPI document is generated from this table.
 */
import type { Route } from './route.ts';
import { forwardRoute, listHostsRoute, revokeRoute } from './routes/cluster.ts';
import { eventLogRoute, eventStreamRoute } from './routes/events.ts';
import { addMemberRoute, createGroupRoute, listGroupsRoute, removeMemberRoute } from './routes/groups.ts';
import { logonRoute } from './routes/logon.ts';
import {
  getLogonSessionRoute,
  listLogonSessionsRoute,
  logonSessionHoldersRoute,
} from './routes/logon-sessions.ts';
import { healthRoute, metricsRoute, terminationRoutinesRoute } from './routes/service.ts';
import {
  closeCurrentTokenRoute,
  closeTokenRoute,
  duplicateTokenRoute,
  whoamiRoute,
} from './routes/tokens.ts';
import {
  createUserRoute,
  deleteUserRoute,
  getUserRoute,
  listUsersRoute,
  setPasswordRoute,
  updateUserRoute,
} from './routes/users.ts';
import {
  disconnectRoute,
  getWtsSessionRoute,
  listProcessesRoute,
  listWtsSessionsRoute,
  logoffRoute,
  openWtsSessionRoute,
  resetRoute,
  startProcessRoute,
} from './routes/wts.ts';

/** The routes, without `/openapi.json` (which is generated from them). */
export const DAEMON_ROUTES: readonly Route[] = [
  logonRoute,
  whoamiRoute,
  duplicateTokenRoute,
  closeCurrentTokenRoute,
  closeTokenRoute,
  listLogonSessionsRoute,
  getLogonSessionRoute,
  logonSessionHoldersRoute,
  listWtsSessionsRoute,
  openWtsSessionRoute,
  getWtsSessionRoute,
  logoffRoute,
  disconnectRoute,
  resetRoute,
  listProcessesRoute,
  startProcessRoute,
  listHostsRoute,
  forwardRoute,
  revokeRoute,
  listUsersRoute,
  createUserRoute,
  getUserRoute,
  updateUserRoute,
  setPasswordRoute,
  deleteUserRoute,
  listGroupsRoute,
  createGroupRoute,
  addMemberRoute,
  removeMemberRoute,
  terminationRoutinesRoute,
  eventStreamRoute,
  eventLogRoute,
  healthRoute,
  metricsRoute,
];

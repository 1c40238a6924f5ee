/** `/v1/groups`: local groups and BUILTIN aliases, for administrators (docs/http-api.md). */
import {
  AddMemberRequest,
  CreateGroupRequest,
  Group,
  GroupList,
  MemberParams,
} from '../../protocol/accounts.ts';
import { NameParams } from '../../protocol/common.ts';
import { toGroup } from '../_views.ts';
import { defineRoute } from '../route.ts';

/** `GET /v1/groups`. */
export const listGroupsRoute = defineRoute({
  method: 'GET',
  url: '/v1/groups',
  auth: 'admin',
  summary: 'Every group and its members',
  tags: ['accounts'],
  responses: { 200: GroupList },
  async handler({ context }) {
    const { accounts } = context.system;
    const [groups, users] = await Promise.all([accounts.listGroups(), accounts.listUsers()]);
    return {
      groups: groups.map((g) =>
        toGroup(
          g,
          users.filter((u) => u.groups.includes(g.sid)).map((u) => u.userName),
        ),
      ),
    } satisfies GroupList;
  },
});

/** `POST /v1/groups`. */
export const createGroupRoute = defineRoute({
  method: 'POST',
  url: '/v1/groups',
  auth: 'admin',
  summary: 'Create a local group',
  tags: ['accounts'],
  body: CreateGroupRequest,
  responses: { 201: Group },
  async handler({ body, reply, context }) {
    const group = await context.system.accounts.createGroup(
      body.description === undefined
        ? { name: body.name }
        : { name: body.name, description: body.description },
    );
    reply.code(201);
    return toGroup(group, []);
  },
});

/** `POST /v1/groups/:name/members`. */
export const addMemberRoute = defineRoute({
  method: 'POST',
  url: '/v1/groups/:name/members',
  auth: 'admin',
  summary: 'Add a user to a group (already a member: no change)',
  tags: ['accounts'],
  params: NameParams,
  body: AddMemberRequest,
  responses: { 204: null },
  async handler({ params, body, context }) {
    await context.system.accounts.addToGroup(body.userName, params.name);
  },
});

/** `DELETE /v1/groups/:name/members/:user`. */
export const removeMemberRoute = defineRoute({
  method: 'DELETE',
  url: '/v1/groups/:name/members/:user',
  auth: 'admin',
  summary: 'Remove a user from a group (not a member: no change)',
  tags: ['accounts'],
  params: MemberParams,
  responses: { 204: null },
  async handler({ params, context }) {
    await context.system.accounts.removeFromGroup(params.user, params.name);
  },
});

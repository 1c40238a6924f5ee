/**
 * The console's views and their addresses: `#/sessions`, `#/logon-sessions`, `#/users`,
 * `#/events`. Hash addresses need nothing from the daemon beyond serving `index.html` at `/`,
 * and the browser's back button moves between views.
 */

/** The views, in navigation order. */
export const VIEWS = [
  { id: 'sessions', label: 'Sessions', adminOnly: false },
  { id: 'logon-sessions', label: 'Logon sessions', adminOnly: false },
  { id: 'users', label: 'Users', adminOnly: true },
  { id: 'events', label: 'Events', adminOnly: false },
] as const;

/** A view id. */
export type ViewId = (typeof VIEWS)[number]['id'];

/** The view a location hash names; `sessions` for an empty or unknown one. */
export function parseRoute(hash: string): ViewId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/, 1)[0] ?? '';
  for (const v of VIEWS) if (v.id === id) return v.id;
  return 'sessions';
}

/** The hash of a view. */
export function hrefOf(view: ViewId): string {
  return `#/${view}`;
}

/** The views a caller may open: administrators all, others all but the admin-only ones. */
export function viewsFor(administrator: boolean): readonly (typeof VIEWS)[number][] {
  return VIEWS.filter((v) => administrator || !v.adminOnly);
}

import type { Notification, NotificationKind } from "./notification.js";

/**
 * Per-org routing: which notices a target takes. Every criterion given must
 * match; one left out matches anything. A target without a route takes all.
 */
export interface NotificationRoute {
  /** Orgs whose notices it takes (the acting org of a 催办 / 督办, the deciding org of a notice). */
  orgs?: readonly string[];
  kinds?: readonly NotificationKind[];
  /** `agency` for staff notices, `petitioner` for notices owed to the petitioner. */
  roles?: readonly ("agency" | "petitioner")[];
}

export const routeMatches = (
  route: NotificationRoute | undefined,
  notification: Notification,
): boolean => {
  if (route === undefined) return true;
  const { org, role } = notification.recipient;
  if (route.orgs !== undefined && (org === undefined || !route.orgs.includes(org))) return false;
  if (route.kinds !== undefined && !route.kinds.includes(notification.kind)) return false;
  if (route.roles !== undefined && !route.roles.includes(role)) return false;
  return true;
};

/**
 * Turns the routes the app reports (route-inventory.ts) and an authorisation matrix into a
 * plan: which rule covers each route, which of the first user's objects its parameters name,
 * and what is wrong with the matrix (a route no rule covers, a parameter no one filled, an
 * entry for a route that is gone). The matrix itself lives in
 * test/integration/authz-matrix.test.ts, where a new route must be added.
 */
import type { Owned, OwnedKind } from './authz-world.ts';
import {
  type ApiOperation,
  fillPath,
  honoPath,
  MissingParamError,
  type Route,
  routeName,
} from './route-inventory.ts';

/** A route anyone may call, why, and what a request without any credential gets. */
export interface PublicRoute {
  route: string | RegExp;
  why: string;
  anonymous: number;
  /** Where that answer redirects to (for 3xx). */
  location?: string;
  /** The path to request when the route's own cannot be filled (a fingerprinted asset). */
  path?: () => Promise<string>;
  /** A form of the web app (setup, login, invite): refused without its pre-session token. */
  form?: true;
}

export interface Matrix {
  public: PublicRoute[];
  /** Path prefixes of pages and forms that need a session. */
  sessionAreas: string[];
  /** Path prefixes of what only admins may use (pages and API). */
  adminAreas: string[];
  /** Per route path: which of the first user's objects each path parameter names. */
  ownedParams: Record<string, Record<string, OwnedKind>>;
  /** Per route (`GET /checkpoint`): query parameters that name one of the user's objects. */
  ownedQuery: Record<string, Record<string, OwnedKind>>;
  /** Values for the parameters of public routes (nothing of anyone's). */
  publicParams: Record<string, string>;
  /** Request bodies (per route) that pass validation, so the ownership check is what answers. */
  bodies: Record<string, unknown>;
}

export type Access = 'public' | 'session' | 'admin' | 'api';

export interface PlannedRoute extends Route {
  name: string;
  access: Access;
  rule?: PublicRoute;
  /** Whether a path parameter names one of the user's objects. */
  owned: boolean;
  /** The concrete paths to request, with the first user's ids filled in. */
  paths(owned: Owned): Promise<string[]>;
}

export interface Plan {
  routes: PlannedRoute[];
  problems: string[];
}

const MATRIX_FILE = 'test/integration/authz-matrix.test.ts';
/** The failure for a route the matrix does not cover (yet). */
const newRoute = (name: string, detail = '') =>
  `new route ${name}: add it to the authorisation matrix (${MATRIX_FILE})${detail ? `: ${detail}` : ''}`;
const under = (areas: string[], path: string) =>
  areas.some((a) => path === a || (a !== '/' && path.startsWith(`${a}/`)));
const matches = (rule: PublicRoute, name: string) =>
  typeof rule.route === 'string' ? rule.route === name : rule.route.test(name);

/** Which rule covers a route (API operations are recognised by the caller). */
function accessOf(matrix: Matrix, route: Route): { access: Access; rule?: PublicRoute } | null {
  const name = routeName(route);
  const rule = matrix.public.find((r) => matches(r, name));
  if (rule) return { access: 'public', rule };
  if (under(matrix.adminAreas, route.path)) return { access: 'admin' };
  if (under(matrix.sessionAreas, route.path)) return { access: 'session' };
  return null;
}

/** The concrete paths of a route, or the reason they cannot be made. */
function pathsOf(matrix: Matrix, route: Route, access: Access, rule?: PublicRoute) {
  const kinds = matrix.ownedParams[route.path] ?? {};
  const make = (owned: Owned | null) =>
    fillPath(route.path, (name) => {
      const kind = kinds[name];
      if (kind) return owned ? String(owned[kind]) : '1';
      return access === 'public' ? (matrix.publicParams[name] ?? null) : null;
    });
  let problem: string | null = null;
  try {
    if (make(null) === null && !rule?.path) problem = 'its path has a wildcard (give it a path)';
  } catch (error) {
    if (!(error instanceof MissingParamError)) throw error;
    problem =
      access === 'public'
        ? `nothing fills its :${error.param} (publicParams)`
        : `which of the user’s objects is :${error.param}? (ownedParams)`;
  }
  const paths = async (owned: Owned) => (rule?.path ? [await rule.path()] : (make(owned) ?? []));
  return { problem, paths, owned: Object.keys(kinds).length > 0 };
}

/**
 * Plans the walk over every route of the app. `operations` are the OpenAPI document's, and
 * every `/api/v1` handler of the app must be one of them (or public).
 */
export function planRoutes(matrix: Matrix, routes: Route[], operations: ApiOperation[]): Plan {
  const problems: string[] = [];
  const planned: PlannedRoute[] = [];
  const documented = new Set(operations.map((op) => `${op.method} ${honoPath(op.path)}`));
  const served = new Set(routes.map(routeName));
  const add = (route: Route, access: Access, rule?: PublicRoute) => {
    const name = routeName(route);
    const made = pathsOf(matrix, route, access, rule);
    if (made.problem) problems.push(newRoute(name, made.problem));
    else planned.push({ ...route, name, access, rule, owned: made.owned, paths: made.paths });
  };
  for (const route of routes) {
    const name = routeName(route);
    const covered = accessOf(matrix, route);
    if (covered?.access === 'public') add(route, 'public', covered.rule);
    else if (route.path.startsWith('/api/')) {
      if (!documented.has(name))
        problems.push(
          newRoute(name, 'an API route outside the OpenAPI document (or use addRoute)'),
        );
    } else if (!covered) {
      problems.push(newRoute(name));
    } else add(route, covered.access);
  }
  for (const op of operations) {
    const route = { method: op.method, path: op.path };
    if (!served.has(`${op.method} ${honoPath(op.path)}`))
      problems.push(
        `${routeName(route)}: in the OpenAPI document, but the app serves no such route`,
      );
    for (const param of op.queryParams.filter((q) => /id$/i.test(q)))
      if (!matrix.ownedQuery[routeName(route)]?.[param])
        problems.push(
          newRoute(routeName(route), `which of the user’s objects is ?${param}=? (ownedQuery)`),
        );
    add(route, under(matrix.adminAreas, op.path) ? 'admin' : 'api');
  }
  problems.push(...staleEntries(matrix, planned));
  return { routes: planned, problems };
}

/** Entries of the matrix that no longer match a route: the allow-list stays short and true. */
function staleEntries(matrix: Matrix, planned: PlannedRoute[]): string[] {
  const stale: string[] = [];
  for (const rule of matrix.public)
    if (!planned.some((r) => r.access === 'public' && matches(rule, r.name)))
      stale.push(`stale public entry ${String(rule.route)}: no such route any more`);
  const paths = new Set(planned.map((r) => r.path));
  const names = new Set(planned.map((r) => r.name));
  for (const path of Object.keys(matrix.ownedParams))
    if (!paths.has(path)) stale.push(`stale ownedParams entry ${path}: no such route any more`);
  for (const name of [...Object.keys(matrix.ownedQuery), ...Object.keys(matrix.bodies)])
    if (!names.has(name)) stale.push(`stale matrix entry ${name}: no such route any more`);
  return stale;
}

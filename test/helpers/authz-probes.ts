/**
 * The requests of the authorisation matrix and how their answers are judged: which wrong
 * credentials each kind of route is offered, what an anonymous client must get, and what the
 * second user must (not) see of the first user's objects. Used by
 * test/integration/authz-matrix.test.ts over the plan of authz-plan.ts.
 */
import type { Matrix, PlannedRoute } from './authz-plan.ts';
import type { Actor, AuthzWorld, Owned } from './authz-world.ts';

/** A label for failure messages and the headers that carry (or not) a credential. */
export type Credentials = [label: string, headers: Record<string, string>];

/** The method a request for the route uses (`ALL` handlers answer every method). */
export const methodOf = (route: PlannedRoute): string =>
  route.method === 'ALL' ? 'POST' : route.method;
const isApi = (route: PlannedRoute) => route.access === 'api' || route.path.startsWith('/api/');

/** A response for failure messages: `303 → /login`. */
export function shown(response: Response): string {
  const location = response.headers.get('location');
  return `${response.status}${location ? ` → ${location}` : ''}`;
}

/**
 * Runs `check` on every concrete path of the routes (A's ids filled in) and gathers what it
 * finds wrong, so that one failure lists every faulty route at once.
 */
export async function faultsOf(
  routes: PlannedRoute[],
  owned: Owned,
  check: (route: PlannedRoute, path: string) => Promise<string[]>,
): Promise<string[]> {
  const faults: string[] = [];
  for (const route of routes) {
    for (const path of await route.paths(owned)) faults.push(...(await check(route, path)));
  }
  return faults;
}

/** The credentials a client may send that are no good on the route (and nothing at all). */
export function wrongCredentials(w: AuthzWorld, route: PlannedRoute): Credentials[] {
  const none: Credentials = ['nothing', {}];
  const cookie: Credentials = ['A’s session cookie', { cookie: w.ada.session.cookie }];
  const apiToken: Credentials = ['A’s API token', { authorization: `Bearer ${w.ada.token}` }];
  const madeUp: Credentials = ['a made-up token', { authorization: 'Bearer cpt_made_up' }];
  const intake: Credentials = ['A’s intake token', { authorization: `Bearer ${w.adaIntakeToken}` }];
  if (isApi(route) && route.access !== 'public') return [none, madeUp, intake, cookie];
  // Pages answer a browser with the login page and a program with 401 JSON (never a redirect
  // it would follow to a 200): both are tried.
  const browser: Credentials = ['nothing, as a browser', { accept: BROWSER_ACCEPT }];
  if (route.access !== 'public') return [browser, none, apiToken];
  return route.rule?.anonymous === 401 ? [none, madeUp, cookie, apiToken] : [none];
}

/** The Accept header of a browser's page request. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** What is wrong with the answer to a request without valid credentials, or null. */
export async function anonymousFault(
  route: PlannedRoute,
  path: string,
  response: Response,
  headers: Record<string, string> = {},
): Promise<string | null> {
  const program = !headers.accept?.includes('text/html') || !!headers.authorization;
  if (!isApi(route) && route.access !== 'public' && program) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string } };
    return response.status === 401 && body?.error?.code === 'unauthorized'
      ? null
      : `${shown(response)}, expected 401 JSON for a program (no redirect)`;
  }
  if (isApi(route) && route.access !== 'public') {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string } };
    const bearer = response.headers.get('www-authenticate')?.startsWith('Bearer');
    return response.status === 401 && body?.error?.code === 'unauthorized' && bearer
      ? null
      : `${shown(response)}, expected 401 JSON with WWW-Authenticate: Bearer`;
  }
  await response.body?.cancel();
  const back = route.method === 'GET' ? `/login?next=${encodeURIComponent(path)}` : '/login';
  const expected =
    route.access === 'public'
      ? { status: route.rule!.anonymous, location: route.rule!.location ?? null }
      : { status: 303, location: back };
  const location = response.headers.get('location');
  if (response.status === expected.status && (!expected.location || location === expected.location))
    return null;
  return `${shown(response)}, expected ${expected.status}${expected.location ? ` → ${expected.location}` : ''}`;
}

/** The query strings with A's ids a route takes (`['']` when it takes none). */
export function ownedQueries(matrix: Matrix, owned: Owned, route: PlannedRoute): string[] {
  const params = Object.entries(matrix.ownedQuery[route.name] ?? {});
  const made = params.map(([name, kind]) => `?${name}=${encodeURIComponent(String(owned[kind]))}`);
  return made.length ? made : [''];
}

/**
 * A request of `who` as the route expects it: the bearer token for the API, the session and
 * its form token for pages, with the matrix's body for the route (or an empty one).
 */
export function requestAs(
  matrix: Matrix,
  who: Actor,
  route: PlannedRoute,
  path: string,
  extra: { csrf?: boolean; origin?: string } = {},
): Promise<Response> {
  const body = matrix.bodies[route.name];
  const reads = route.method === 'GET';
  if (isApi(route)) return who.api(methodOf(route), path, reads ? undefined : (body ?? {}));
  return who.session.request(methodOf(route), path, {
    ...(reads ? {} : { form: (body ?? {}) as Record<string, string> }),
    ...extra,
  });
}

/**
 * What is wrong with B's answer on a route given A's ids, or null: it must show nothing of
 * A's, and a path id of A's must be 404 (a query id may also be ignored: 200).
 */
export async function crossUserFault(
  w: AuthzWorld,
  route: PlannedRoute,
  query: string,
  response: Response,
): Promise<string | null> {
  const body = await response.text();
  const seen = w.adaMarks.filter((mark) => body.includes(mark));
  if (seen.length) return `${shown(response)} shows ${seen.join(', ')}`;
  if (route.owned) {
    const code = isApi(route)
      ? (JSON.parse(body) as { error?: { code?: string } }).error?.code
      : null;
    if (response.status !== 404 || (isApi(route) && code !== 'not_found'))
      return `${shown(response)}, expected 404`;
  } else if (query && response.status !== 404 && response.status !== 200) {
    return `${shown(response)}, expected 404, or 200 with nothing of A’s`;
  }
  return null;
}

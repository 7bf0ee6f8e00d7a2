import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { ValidationError } from '../../domain/errors.ts';
import type { User } from '../../services/accounts/user.ts';
import type { ApiEnv } from '../env.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One `/api/v1` route: its schemas validate the request and generate the OpenAPI document. */
export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: Method;
  /** Hono path below /api/v1, e.g. `/sources/:id`. */
  path: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /** A non-JSON request body the handler reads itself (documented in OpenAPI). */
  rawBody?: { contentType: string; description: string };
  /** A non-JSON response (documented in OpenAPI). */
  rawResponse?: { contentType: string; description: string };
  /** Schema of the success response (documentation; also the shape the handler returns). */
  response?: z.ZodType;
  /** Success status (default 200; 201 for creation; 204 returns no body). */
  status?: 200 | 201 | 204;
  /** Other documented statuses and what they mean. */
  errors?: Partial<Record<number, string>>;
  handler: (
    c: Context<ApiEnv>,
    input: { params: z.infer<P>; query: z.infer<Q>; body: z.infer<B>; user: User },
  ) => Promise<unknown>;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds routes of every shape
export type AnyRouteSpec = RouteSpec<any, any, any>;

const empty = z.object({});

function parse<T extends z.ZodType>(
  schema: T | undefined,
  value: unknown,
  where: string,
): z.infer<T> {
  const result = (schema ?? empty).safeParse(value);
  if (result.success) return result.data as z.infer<T>;
  const issues = result.error.issues.map(
    (issue) => `${where}${issue.path.length ? `.${issue.path.join('.')}` : ''}: ${issue.message}`,
  );
  throw new ValidationError(`api: invalid ${where}: ${issues.join('; ')}`, issues);
}

/**
 * Adds a validated route to the API router and to the registry the OpenAPI document is built
 * from, so that the two can never disagree.
 */
export function addRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  router: Hono<ApiEnv>,
  registry: AnyRouteSpec[],
  spec: RouteSpec<P, Q, B>,
): void {
  registry.push(spec);
  router.on(spec.method.toUpperCase(), spec.path, async (c) => {
    const params = parse(spec.params, c.req.param(), 'path');
    const query = parse(spec.query, c.req.query(), 'query');
    let body: unknown;
    if (spec.body) {
      let raw: unknown;
      try {
        raw = await c.req.json();
      } catch {
        throw new ValidationError('api: the request body must be JSON');
      }
      body = parse(spec.body, raw, 'body');
    }
    const result = await spec.handler(c, {
      params,
      query,
      body: body as z.infer<B>,
      user: c.get('user'),
    });
    if (result instanceof Response) return result;
    if (spec.status === 204) return c.body(null, 204);
    return c.json(result as object, spec.status ?? 200);
  });
}

/** `:id` path parameters as positive integers. */
export const idParams = z.object({ id: z.coerce.number().int().positive() });

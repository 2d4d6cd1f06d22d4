import type { Principal } from './auth.ts';
import { GitHubError } from './github-error.ts';
import type { DemoState } from './demo-state.ts';

export interface RequestContext {
  state: DemoState;
  principal: Principal;
  params: Record<string, string>;
  /** Absolute request URL on the demo server, the base of Link headers. */
  url: URL;
  /** Raw request body ('' when none). */
  body: string;
  nowMs: number;
}

export interface HandlerResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type Handler = (context: RequestContext) => HandlerResult;

export function param(context: RequestContext, name: string): string {
  const value = context.params[name];
  if (value === undefined) throw new Error(`route has no {${name}} parameter`);
  return value;
}

export function ok(body: unknown, headers?: Record<string, string>): HandlerResult {
  return headers === undefined ? { status: 200, body } : { status: 200, body, headers };
}

/** A 200 list answer with its Link header, when there is anything to link to. */
export function okWithLink(body: unknown, link: string | undefined): HandlerResult {
  return ok(body, link === undefined ? undefined : { link });
}

/** Parses a JSON object request body; anything else is GitHub's 400. */
export function parseJsonObject(body: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw GitHubError.basic(400, 'Problems parsing JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw GitHubError.basic(400, 'Body should be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

// Route-handler plumbing: authenticate, parse the query string with a shared
// filter schema, and turn anything thrown into the one error envelope.
import type { z } from "zod";
import { errorResponse, handleApiError } from "../api-errors";
import { isAuthorized } from "../auth/request-auth";
import { paramsRecord } from "../filters/common";

export function parseQuery<S extends z.ZodType>(schema: S, request: Request): z.infer<S> {
  return schema.parse(paramsRecord(new URL(request.url).searchParams));
}

export function apiRoute<C>(handler: (request: Request, context: C) => Promise<Response>) {
  return async (request: Request, context: C): Promise<Response> => {
    try {
      // Checked here as well as in proxy.ts: a read API must never answer unauthenticated.
      if (!isAuthorized(request.headers)) {
        const response = errorResponse(401, "unauthorized", "Sign in, or send HTTP Basic auth with the dashboard password");
        response.headers.set("WWW-Authenticate", 'Basic realm="Association Monitor", charset="UTF-8"');
        return response;
      }
      return await handler(request, context);
    } catch (error) {
      return handleApiError(error);
    }
  };
}

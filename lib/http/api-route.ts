// Route-handler plumbing: authenticate, parse the query string with a shared
// filter schema, and turn anything thrown into the one error envelope.
import type { z } from "zod";
import { authorize } from "../auth/request-auth";
import { paramsRecord } from "../filters/common";
import { authFailureResponse } from "./auth-response";
import { handleApiError } from "./errors";

export function parseQuery<S extends z.ZodType>(schema: S, request: Request): z.infer<S> {
  return schema.parse(paramsRecord(new URL(request.url).searchParams));
}

export function apiRoute<C>(handler: (request: Request, context: C) => Promise<Response>) {
  return async (request: Request, context: C): Promise<Response> => {
    try {
      // Checked here as well as in proxy.ts: a read API must never answer unauthenticated.
      const auth = await authorize(request.headers);
      if (!auth.ok) return authFailureResponse(auth);
      return await handler(request, context);
    } catch (error) {
      return handleApiError(error);
    }
  };
}

// Shared assertions for refused deliveries, and temporary configuration changes.
import { afterEach, expect } from "vitest";
import { resetEnv } from "@/lib/env";
import type { Json } from "./http";
import { events, only, rejected } from "./state";

/**
 * Asserts a refusal: the status, the one error envelope, exactly one rejected-log
 * row with the given cause, and no stored event. Returns the rejected row.
 */
export async function expectRejected(res: { status: number; body: Json }, status: number, code: string, cause = code) {
  expect(res.status).toBe(status);
  expect(Object.keys(res.body)).toEqual(["error"]);
  expect(res.body.error).toMatchObject({ code, message: expect.any(String) });
  expect(res.body.error.message.length).toBeGreaterThan(0);
  const row = only(await rejected());
  expect(row).toMatchObject({ status, cause, method: "POST" });
  expect(await events()).toHaveLength(0);
  return row;
}

/** Sets environment variables for one test; restored (and the env cache reset) after it. */
export function useEnv() {
  const saved = new Map<string, string | undefined>();
  afterEach(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    saved.clear();
    resetEnv();
  });
  return (vars: Record<string, string>) => {
    for (const [name, value] of Object.entries(vars)) {
      if (!saved.has(name)) saved.set(name, process.env[name]);
      process.env[name] = value;
    }
    resetEnv();
  };
}

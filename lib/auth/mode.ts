// Whether the dashboard is protected, and the start-up rules: production without a
// password refuses to start unless DASHBOARD_AUTH=off says so explicitly, and a
// password shorter than 12 characters refuses to start anywhere (the throttle slows
// guessing down; only length makes it hopeless).
import { env, type Env } from "../env";

export type AuthMode =
  | { kind: "password"; password: string }
  /** Production with DASHBOARD_AUTH=off: protected by something in front of the app. */
  | { kind: "off" }
  /** Development (or tests) without a password: open, and the UI says so. */
  | { kind: "open-dev" };

const minPasswordLength = 12;

export function authModeOf(e: Pick<Env, "DASHBOARD_PASSWORD" | "DASHBOARD_AUTH">, nodeEnv = process.env.NODE_ENV): AuthMode {
  if (e.DASHBOARD_AUTH === "off") return { kind: "off" };
  if (e.DASHBOARD_PASSWORD) {
    const length = [...e.DASHBOARD_PASSWORD].length;
    if (length < minPasswordLength) {
      throw new Error(
        `DASHBOARD_PASSWORD is too short (${length} characters; at least ${minPasswordLength} are needed). ` +
          "Choose a longer one, or unset it and let npm start generate one (kept in data/.dashboard-password).",
      );
    }
    return { kind: "password", password: e.DASHBOARD_PASSWORD };
  }
  if (nodeEnv === "production") {
    throw new Error(
      "DASHBOARD_PASSWORD is not set. The dashboard shows customers' data, so a production server needs a password: " +
        "set DASHBOARD_PASSWORD, or set DASHBOARD_AUTH=off if an authenticating proxy in front of the app protects it.",
    );
  }
  return { kind: "open-dev" };
}

export function authMode(): AuthMode {
  return authModeOf(env());
}

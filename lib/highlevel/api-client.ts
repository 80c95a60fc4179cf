// A small client for HighLevel's REST API, for one location's token. It paces itself
// on HighLevel's rate-limit headers (100 requests / 10 s per app and location), backs
// off on 429 honouring Retry-After, retries 5xx and network failures a bounded number
// of times, puts a timeout on every call, and stops on 401/403 (the token is wrong or
// lacks a scope: retrying cannot help). The token is only ever put in the
// Authorization header: no error, log line or kept response carries it.
// Sleeping goes through `sleep` so tests run fast and can assert on every wait.

export type Sleep = (ms: number) => Promise<void>;

const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());

export interface ApiClientOptions {
  baseUrl: string;
  token: string;
  sleep?: Sleep;
  /** Per call (each attempt). */
  timeoutMs?: number;
  /** Attempts per call for 429, 5xx and network failures, the first included. */
  maxAttempts?: number;
  /** When X-RateLimit-Remaining falls to this, wait the interval before the next call. */
  lowRemaining?: number;
  /** A 429 asking for a longer wait than this ends the run instead of stalling it. */
  maxRetryAfterMs?: number;
  /** Aborts waits and calls (shutdown). */
  signal?: AbortSignal;
  /** Called after every attempt and wait, for progress. */
  onStats?: (stats: ApiStats) => void;
}

export interface ApiStats {
  calls: number;
  retries: number;
  waitedMs: number;
  /** Every wait, in order, with why: what tests assert on and the run shows. */
  waits: { ms: number; reason: "rate_limit" | "retry_after" | "backoff" }[];
}

/** 401/403: the token was refused. Carries the status and path only. */
export class TokenRejected extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
  ) {
    super(`HighLevel refused the location's API token (HTTP ${status} on ${path}): check the token and its scopes`);
  }
}

/** A call that did not succeed after its attempts; `body` is the (redacted, truncated) answer, if any. */
export class ApiCallFailed extends Error {
  constructor(
    message: string,
    readonly path: string,
    readonly status: number | null,
    readonly body: string | null,
  ) {
    super(message);
  }
}

export interface ApiResponse {
  path: string;
  status: number;
  /** The parsed JSON, or undefined when the body was not JSON. */
  json: unknown;
  /** The body text, redacted and truncated: what is kept when it cannot be understood. */
  text: string;
}

const keptBodyBytes = 4096;

const defaultBackoffMs = 1_000;
const defaultIntervalMs = 10_000;

function headerNumber(headers: Headers, name: string): number | null {
  const v = headers.get(name);
  if (v === null || v.trim() === "") return null;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** Retry-After: seconds, or an HTTP date. */
function retryAfterMs(headers: Headers, now: number): number | null {
  const v = headers.get("retry-after");
  if (v === null) return null;
  const seconds = Number(v);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export class HighLevelClient {
  readonly stats: ApiStats = { calls: 0, retries: 0, waitedMs: 0, waits: [] };
  private pauseBeforeNextMs = 0;
  private dailyExhausted = false;
  private readonly sleep: Sleep;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly lowRemaining: number;
  private readonly maxRetryAfterMs: number;

  constructor(private readonly options: ApiClientOptions) {
    this.sleep = options.sleep ?? realSleep;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxAttempts = options.maxAttempts ?? 4;
    this.lowRemaining = options.lowRemaining ?? 2;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 120_000;
  }

  /** Never lets the token through into anything kept or shown. */
  redact(text: string): string {
    const token = this.options.token;
    const clean = token ? text.split(token).join("[token]") : text;
    return clean.length > keptBodyBytes ? `${clean.slice(0, keptBodyBytes)}… (truncated, ${clean.length} characters in all)` : clean;
  }

  private async wait(ms: number, reason: ApiStats["waits"][number]["reason"]): Promise<void> {
    if (ms <= 0) return;
    this.stats.waits.push({ ms, reason });
    this.stats.waitedMs += ms;
    this.options.onStats?.(this.stats);
    const signal = this.options.signal;
    if (!signal) return this.sleep(ms);
    signal.throwIfAborted();
    // A shutdown must not wait out a long Retry-After.
    let onAbort = () => {};
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
    });
    try {
      await Promise.race([this.sleep(ms), aborted]);
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  }

  /** Reads the rate-limit headers: when few calls are left in the window, the next call waits it out. */
  private pace(headers: Headers): void {
    const remaining = headerNumber(headers, "x-ratelimit-remaining");
    if (remaining !== null && remaining <= this.lowRemaining) {
      this.pauseBeforeNextMs = headerNumber(headers, "x-ratelimit-interval-milliseconds") ?? defaultIntervalMs;
    }
    const daily = headerNumber(headers, "x-ratelimit-daily-remaining");
    if (daily !== null && daily <= this.lowRemaining) this.dailyExhausted = true;
  }

  /** GET `path` (with query) and answer its JSON; throws TokenRejected or ApiCallFailed. */
  async get(path: string): Promise<ApiResponse> {
    let lastError = "";
    let lastStatus: number | null = null;
    let lastBody: string | null = null;
    // Waiting for tomorrow is not pacing: end the run and say why.
    if (this.dailyExhausted) throw new ApiCallFailed("HighLevel's daily API limit for this location is (nearly) used up; try again tomorrow", path, 429, null);
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      if (this.pauseBeforeNextMs > 0) {
        const ms = this.pauseBeforeNextMs;
        this.pauseBeforeNextMs = 0;
        await this.wait(ms, "rate_limit");
      }
      if (attempt > 1) this.stats.retries += 1;
      this.stats.calls += 1;
      this.options.onStats?.(this.stats);
      let response: Response;
      let text: string;
      try {
        const signals = [AbortSignal.timeout(this.timeoutMs), ...(this.options.signal ? [this.options.signal] : [])];
        response = await fetch(`${this.options.baseUrl}${path}`, {
          headers: { Authorization: `Bearer ${this.options.token}`, Version: "2021-07-28", Accept: "application/json" },
          signal: AbortSignal.any(signals),
          redirect: "error",
        });
        text = await response.text();
      } catch (error) {
        this.options.signal?.throwIfAborted();
        const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
        lastError = timedOut ? `no answer within ${this.timeoutMs} ms` : "the connection failed";
        lastStatus = null;
        lastBody = null;
        if (attempt < this.maxAttempts) await this.wait(defaultBackoffMs * 2 ** (attempt - 1), "backoff");
        continue;
      }
      if (response.status === 401 || response.status === 403) throw new TokenRejected(response.status, path);
      if (response.status === 429) {
        const ms = retryAfterMs(response.headers, Date.now()) ?? headerNumber(response.headers, "x-ratelimit-interval-milliseconds") ?? defaultIntervalMs;
        lastError = "rate limited (429)";
        lastStatus = 429;
        lastBody = this.redact(text);
        if (ms > this.maxRetryAfterMs) {
          throw new ApiCallFailed(`HighLevel asked to wait ${Math.ceil(ms / 1000)} s (429 Retry-After); the run stopped instead`, path, 429, lastBody);
        }
        if (attempt < this.maxAttempts) await this.wait(ms, "retry_after");
        continue;
      }
      if (response.status >= 500) {
        lastError = `HTTP ${response.status}`;
        lastStatus = response.status;
        lastBody = this.redact(text);
        if (attempt < this.maxAttempts) await this.wait(defaultBackoffMs * 2 ** (attempt - 1), "backoff");
        continue;
      }
      this.pace(response.headers);
      if (response.status < 200 || response.status >= 300) {
        throw new ApiCallFailed(`HighLevel answered HTTP ${response.status} to GET ${path}`, path, response.status, this.redact(text));
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { path, status: response.status, json, text: this.redact(text) };
    }
    throw new ApiCallFailed(`GET ${path} failed after ${this.maxAttempts} attempts: ${lastError}`, path, lastStatus, lastBody);
  }
}

// Ingest: signed deliveries through the real route of the built app, beside its two
// baselines measured right before and after it at the same concurrency: the empty
// Next route (/api/bench/noop, same server) and the bare node:http + driver server.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { onCleanup } from "../../lib/harness/cleanup.mjs";
import { publicKeyPath } from "../../lib/harness/test-keys.mjs";
import { root } from "../../lib/root.mjs";
import { log } from "./common.mjs";
import { runLoad } from "./load.mjs";
import { createWorkload } from "./workload.mjs";

function startBare(port, databaseUrl) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, "scripts/bench/lib/bare-server.mjs"), String(port), databaseUrl, publicKeyPath], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const stop = () =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once("exit", done);
        child.kill("SIGTERM");
      });
    onCleanup(stop);
    child.stdout.once("data", () => resolve({ pid: child.pid, url: `http://127.0.0.1:${port}`, stop }));
    child.once("exit", (code) => reject(new Error(`bare server exited (${code})`)));
  });
}

export async function measureIngest({ server, databaseUrl, data, scale, barePort }) {
  const full = scale >= 1;
  // A warm-up long enough for the first burst of new connections to drain (see load.mjs).
  const timing = { warmupMs: full ? 3000 : 1500, durationMs: full ? 6000 : 2000 };
  const workload = createWorkload(data);
  // The empty route reads no body: a small signed pool, reused, keeps the client's work alike.
  const noopPool = Array.from({ length: 2000 }, () => workload.next());
  let n = 0;
  const noopSource = { next: () => noopPool[n++ % noopPool.length] };
  // Enough signed in advance for the expected rates (the bare server is the fastest).
  const presigned = full ? { app: 12_000, bare: 60_000 } : { app: 3000, bare: 10_000 };

  const bare = await startBare(barePort, databaseUrl);
  const results = {};
  try {
    // Each target warmed at low concurrency first, so its route's modules are loaded
    // and compiled before anything is counted.
    for (const url of [`${server.url}/api/bench/noop`, `${server.url}/api/webhooks/highlevel`, `${bare.url}/`]) {
      await runLoad({ url, connections: 4, warmupMs: 0, durationMs: 1000, source: workload.prepare(0) });
    }
    for (const connections of [16, 64]) {
      const noop = await runLoad({ url: `${server.url}/api/bench/noop`, connections, ...timing, source: noopSource });
      const appSource = workload.prepare(presigned.app);
      const app = await runLoad({ url: `${server.url}/api/webhooks/highlevel`, connections, ...timing, source: appSource });
      app.signedDuringRun = appSource.madeDuringRun;
      const bareSource = workload.prepare(presigned.bare);
      const bareRun = await runLoad({ url: `${bare.url}/`, connections, ...timing, source: bareSource });
      bareRun.signedDuringRun = bareSource.madeDuringRun;
      results[connections] = { app, noop, bare: bareRun };
      log(`ingest @${connections}: app ${app.rps} req/s p99 ${app.p99} ms · noop ${noop.rps} req/s · bare ${bareRun.rps} req/s`);
      for (const [name, r] of Object.entries(results[connections]))
        if (r.non200) log(`  ${name}: ${r.non200} answers were not 200: ${JSON.stringify(r.statuses)}`);
    }
  } finally {
    await bare.stop();
  }
  return results;
}

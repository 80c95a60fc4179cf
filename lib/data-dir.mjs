// data/: where npm start keeps the SQLite database (by default), the generated
// dashboard password and the session secret. Relative to the working directory,
// like the default DATABASE_URL (file:./data/monitor.db): npm start, the e2e server
// and the scripts' servers all run from the app's directory. Plain JS so the start
// scripts can import it too.
import { resolve } from "node:path";

export function dataDir(cwd = process.cwd()) {
  return resolve(cwd, "data");
}

// Preloaded (NODE_OPTIONS=--import) into `npm start` for the start-up measurement only:
// scripts/start.mjs serves without --hostname, which listens on every interface,
// and the benchmark stays on loopback. A listen() without a host gets 127.0.0.1.
import net from "node:net";

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const [first, second] = args;
  if (first && typeof first === "object" && first.path === undefined && !first.host) args[0] = { ...first, host: "127.0.0.1" };
  else if ((typeof first === "number" || /^\d+$/.test(String(first))) && typeof second !== "string") {
    if (second === undefined || second === null) args[1] = "127.0.0.1";
    else args.splice(1, 0, "127.0.0.1");
  }
  return listen.apply(this, args);
};

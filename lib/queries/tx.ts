// The interactive-transaction client type.
import type { Db } from "../db";

export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

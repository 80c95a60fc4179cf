// Runs before every test file: points the app at the test keys. DATABASE_URL is
// set by test/global-setup.ts (a fresh SQLite file unless one was given).
import { ed25519, pem, rsa } from "./helpers/keys";

process.env.HIGHLEVEL_ED25519_PUBLIC_KEY = pem(ed25519.publicKey);
process.env.HIGHLEVEL_RSA_PUBLIC_KEY = pem(rsa.publicKey);
process.env.HIGHLEVEL_WEBHOOK_VERIFY = "enforce";

#!/bin/sh
# Stands in for the native schema engine Prisma's CLI would download (it cannot be
# downloaded on air-gapped machines). `prisma generate` only checks that an engine
# exists; commands that would run it get told what to use instead.
cat >&2 <<'MSG'
This project does not use Prisma's native schema engine (it cannot be downloaded here).
  apply migrations:        npm run db:migrate        (npm start does it too)
  create the next one:     npm run db:migration:new -- <name>
  regenerate the clients:  npm run db:generate
MSG
exit 1

#!/usr/bin/env bash
# The whole test suite: installs what it needs, starts one throwaway PostgreSQL cluster for the run,
# runs every test project, and stops the cluster. Extra arguments go to 'dotnet test'.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$root/infra/local/install-deps.sh" test

# shellcheck source=start-postgres.sh
source "$root/infra/local/start-postgres.sh"
trap stop_postgres EXIT
start_postgres
export LUMINA_TEST_POSTGRES="$LUMINA_POSTGRES_ADMIN"

cd "$root"
dotnet test Lumina.Functions.sln -c Release --nologo "$@"

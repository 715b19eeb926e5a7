#!/usr/bin/env bash
# The whole test suite: installs what it needs, starts one throwaway PostgreSQL cluster and one in-memory
# Azurite for the run, runs every test project, and stops both. Extra arguments go to 'dotnet test'.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$root/infra/local/install-deps.sh" test

# shellcheck source=start-postgres.sh
source "$root/infra/local/start-postgres.sh"
# shellcheck source=start-azurite.sh
source "$root/infra/local/start-azurite.sh"
trap 'stop_azurite; stop_postgres' EXIT
start_postgres
export LUMINA_TEST_POSTGRES="$LUMINA_POSTGRES_ADMIN"
start_azurite
export LUMINA_TEST_AZURITE="$LUMINA_AZURITE_CONNECTION"
export LUMINA_TEST_AZURITE_STORAGE="$LUMINA_AZURITE_STORAGE"

cd "$root"
dotnet test Lumina.Functions.sln -c Release --nologo "$@"

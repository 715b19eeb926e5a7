#!/usr/bin/env bash
# Sourced by the test script: start_azurite starts one Azurite (blob, queue and table services, in memory, telemetry
# off) on free loopback ports and sets LUMINA_AZURITE_CONNECTION (the blob endpoint) and LUMINA_AZURITE_STORAGE (all
# three endpoints, as the durable Azure Storage provider needs); stop_azurite stops it and removes its folder.
# Besides the development account it serves 'luminakeychars', whose key holds '+', '/' and '=' for the signing
# tests (the same account as tests/Lumina.Testing/TestAzurite.cs).

azurite_bin="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/node_modules/.bin/azurite"
azurite_dev_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
azurite_keychars_key="+/+/Ai/6/GL90MHxyB6Luk0N+1XysoUm907/H3RplvSP6R7a3bGbTwOA+Si+QiMcBRRPJOGiY993m2N5K3wG5w=="

start_azurite() {
  if [ ! -x "$azurite_bin" ]; then
    echo "lumina: Azurite is not installed ($azurite_bin): run infra/local/install-deps.sh test" >&2
    return 1
  fi
  azurite_dir="$(mktemp -d /tmp/lumina-azurite.XXXXXX)"
  (cd "$azurite_dir" && AZURITE_ACCOUNTS="devstoreaccount1:$azurite_dev_key;luminakeychars:$azurite_keychars_key" exec "$azurite_bin" \
    --blobHost 127.0.0.1 --blobPort 0 --queueHost 127.0.0.1 --queuePort 0 --tableHost 127.0.0.1 --tablePort 0 \
    --inMemoryPersistence --silent --skipApiVersionCheck --loose --disableTelemetry \
    >"$azurite_dir/log" 2>&1) &
  azurite_pid=$!
  local port="" queue_port="" table_port="" _
  for _ in $(seq 1 900); do
    port="$(azurite_port Blob)" queue_port="$(azurite_port Queue)" table_port="$(azurite_port Table)"
    if [ -n "$table_port" ] || ! kill -0 "$azurite_pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if [ -z "$port" ] || [ -z "$queue_port" ] || [ -z "$table_port" ]; then
    echo "lumina: Azurite did not report its port; its output:" >&2
    cat "$azurite_dir/log" >&2
    stop_azurite
    return 1
  fi
  export LUMINA_AZURITE_CONNECTION="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$azurite_dev_key;BlobEndpoint=http://127.0.0.1:$port/devstoreaccount1"
  export LUMINA_AZURITE_STORAGE="$LUMINA_AZURITE_CONNECTION;QueueEndpoint=http://127.0.0.1:$queue_port/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1"
  echo "lumina: test Azurite on 127.0.0.1:$port (blob), $queue_port (queue), $table_port (table) ($azurite_dir)" >&2
}

# The port a service (Blob, Queue or Table) reported, or nothing yet.
azurite_port() {
  sed -n "s#.*Azurite $1 service is successfully listening at http://127\.0\.0\.1:\([0-9][0-9]*\).*#\1#p" "$azurite_dir/log"
}

stop_azurite() {
  if [ -n "${azurite_pid:-}" ]; then
    kill "$azurite_pid" 2>/dev/null || true
    wait "$azurite_pid" 2>/dev/null || true
  fi
  if [ -n "${azurite_dir:-}" ]; then rm -rf "$azurite_dir"; fi
}

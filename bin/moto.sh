# Sourced by bin/test, bench/ and tools/ scripts: moto_server, the AWS emulator, on a free loopback
# port for the lifetime of the calling shell.
#   moto_start         starts it; exports MOTO_ENDPOINT; stops it when the shell exits (moto_stop)
#   moto_use           points the AWS CLI and SDKs of this shell at it, with dummy credentials
#   awsm ARGS...       the AWS CLI against it
#   moto_table NAME    creates a dedup table as template.yaml does (string key pk, on demand)
#   moto_sample        the sample deployment (tools/sample-resources.sh): bucket example-trail-bucket
#                      holding events/cloudtrail, table trailwatch-dedup, topic trailwatch-alerts;
#                      exports ALERT_TOPIC_ARN and ALLOWED_BUCKETS
moto_start() {
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # small multipart parts allowed (S3's minimum is 5 MiB), so tests can upload a manifest in parts cheaply
  S3_UPLOAD_PART_MIN_SIZE=256 moto_server -H 127.0.0.1 -p "$port" >"${TMPDIR:-/tmp}/trailwatch-moto-$port.log" 2>&1 &
  MOTO_PID=$!
  trap moto_stop EXIT
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/moto-api/" >/dev/null 2>&1 && break
    sleep 0.2
  done
  export MOTO_ENDPOINT="http://127.0.0.1:$port"
}

# moto_server answers SIGTERM with sys.exit, which waits for its threads: after a long test run one can
# keep it alive for good, so it gets 2 s to end and is then killed.
moto_stop() {
  kill "$MOTO_PID" 2>/dev/null || return 0
  for _ in $(seq 1 20); do
    kill -0 "$MOTO_PID" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -9 "$MOTO_PID" 2>/dev/null || true
}

moto_use() {
  export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
  export AWS_ENDPOINT_URL="$MOTO_ENDPOINT"
}

awsm() { command aws --endpoint-url "$MOTO_ENDPOINT" "$@"; }

moto_table() {
  awsm dynamodb create-table --table-name "$1" --billing-mode PAY_PER_REQUEST \
    --attribute-definitions AttributeName=pk,AttributeType=S --key-schema AttributeName=pk,KeyType=HASH >/dev/null
}

moto_sample() {
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  ALERT_TOPIC_ARN=$("$root/tools/sample-resources.sh" "$MOTO_ENDPOINT")
  export ALERT_TOPIC_ARN ALLOWED_BUCKETS=example-trail-bucket
}

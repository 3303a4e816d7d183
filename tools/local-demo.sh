#!/usr/bin/env bash
# The Lambda, locally, with no AWS account and no Docker: starts moto_server, creates the bucket,
# dedup table and alert topic (with an SQS queue subscribed to show the alerts), uploads the sample
# logs from events/cloudtrail, and runs `trailwatch invoke` on each sample event. The first
# invocation publishes the alert; the next three are the same object again (SQS, SNS, EventBridge
# envelopes) and publish nothing new.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
port=${MOTO_PORT:-5077}
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
moto_server -H 127.0.0.1 -p "$port" >/tmp/trailwatch-demo-moto.log 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf "$AWS_ENDPOINT_URL/moto-api/" >/dev/null && break; sleep 0.2; done

aws() { command aws --endpoint-url "$AWS_ENDPOINT_URL" "$@"; }
aws s3 mb s3://example-trail-bucket >/dev/null
aws s3 cp --recursive --quiet "$here/events/cloudtrail" s3://example-trail-bucket/
aws dynamodb create-table --table-name trailwatch-dedup --billing-mode PAY_PER_REQUEST \
  --attribute-definitions AttributeName=pk,AttributeType=S --key-schema AttributeName=pk,KeyType=HASH >/dev/null
topic=$(aws sns create-topic --name trailwatch-alerts --query TopicArn --output text)
queue=$(aws sqs create-queue --queue-name alert-inbox --query QueueUrl --output text)
queue_arn=$(aws sqs get-queue-attributes --queue-url "$queue" --attribute-names QueueArn --query Attributes.QueueArn --output text)
aws sns subscribe --topic-arn "$topic" --protocol sqs --notification-endpoint "$queue_arn" \
  --attributes RawMessageDelivery=true >/dev/null

export DEDUP_TABLE=trailwatch-dedup ALERT_TOPIC_ARN="$topic" ALLOWED_BUCKETS=example-trail-bucket
for event in s3-put sqs sns eventbridge; do
  echo "== invoke events/$event.json" >&2
  "$here/bin/trailwatch" invoke "$here/events/$event.json" 2>/dev/null
done
echo "== alerts on the topic:" >&2
aws sqs receive-message --queue-url "$queue" --max-number-of-messages 10 --query 'Messages[].Body' --output text

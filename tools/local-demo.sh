#!/usr/bin/env bash
# The Lambda, locally, with no AWS account and no Docker: starts moto_server, creates the bucket,
# dedup table and alert topic (with an SQS queue subscribed to show the alerts), uploads the sample
# logs from events/cloudtrail, and runs `trailwatch invoke` on each sample event. The first
# invocation publishes the alert; the next three are the same object again (SQS, SNS, EventBridge
# envelopes) and publish nothing new.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bin/moto.sh"
moto_start
moto_use
moto_sample
aws() { awsm "$@"; }
topic=$ALERT_TOPIC_ARN
queue=$(aws sqs create-queue --queue-name alert-inbox --query QueueUrl --output text)
queue_arn=$(aws sqs get-queue-attributes --queue-url "$queue" --attribute-names QueueArn --query Attributes.QueueArn --output text)
aws sns subscribe --topic-arn "$topic" --protocol sqs --notification-endpoint "$queue_arn" \
  --attributes RawMessageDelivery=true >/dev/null

export DEDUP_TABLE=trailwatch-dedup
for event in s3-put sqs sns eventbridge; do
  echo "== invoke events/$event.json" >&2
  "$here/bin/trailwatch" invoke "$here/events/$event.json" 2>/dev/null
done
echo "== alerts on the topic:" >&2
aws sqs receive-message --queue-url "$queue" --max-number-of-messages 10 --query 'Messages[].Body' --output text

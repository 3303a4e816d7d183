#!/usr/bin/env bash
# Creates what events/env.json and events/s3-put.json name, at an AWS-compatible endpoint (LocalStack
# for `sam local invoke`, moto for the demo and tests): bucket example-trail-bucket holding
# events/cloudtrail as CloudTrail lays it out, dedup table trailwatch-dedup (as template.yaml makes
# it) and topic trailwatch-alerts; what exists already is kept. Prints the topic's ARN.
#   tools/sample-resources.sh http://localhost:4566
set -euo pipefail
endpoint=${1:?usage: tools/sample-resources.sh ENDPOINT_URL}
here=$(cd "$(dirname "$0")/.." && pwd)
export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-test} AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-test}
export AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-us-east-1}
aws_at() { command aws --endpoint-url "$endpoint" "$@"; }
aws_at s3api head-bucket --bucket example-trail-bucket >/dev/null 2>&1 || aws_at s3 mb s3://example-trail-bucket >/dev/null
aws_at s3 cp --recursive --quiet "$here/events/cloudtrail" s3://example-trail-bucket/
aws_at dynamodb describe-table --table-name trailwatch-dedup >/dev/null 2>&1 \
  || aws_at dynamodb create-table --table-name trailwatch-dedup --billing-mode PAY_PER_REQUEST \
    --attribute-definitions AttributeName=pk,AttributeType=S --key-schema AttributeName=pk,KeyType=HASH >/dev/null
aws_at sns create-topic --name trailwatch-alerts --query TopicArn --output text

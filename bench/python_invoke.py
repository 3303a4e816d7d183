#!/usr/bin/env python3
"""The cold-start baseline: the same job as `trailwatch invoke` in Python/boto3, in a fresh process:
read the S3 notification, GetObject, gunzip + json.loads, the rule, the same DynamoDB window
protocol (conditional update, else conditional put, then mark published) and an SNS publish.
Configured like the Lambda (DEDUP_TABLE, ALERT_TOPIC_ARN, AWS_ENDPOINT_URL). usage: python_invoke.py EVENT"""
import gzip, hashlib, json, os, sys, time, urllib.parse

import boto3
from botocore.exceptions import ClientError

endpoint = os.environ.get("AWS_ENDPOINT_URL")
s3 = boto3.client("s3", endpoint_url=endpoint)
ddb = boto3.client("dynamodb", endpoint_url=endpoint)
sns = boto3.client("sns", endpoint_url=endpoint)
table, topic = os.environ["DEDUP_TABLE"], os.environ["ALERT_TOPIC_ARN"]
event = json.load(open(sys.argv[1]))
now = int(time.time() * 1000)
published = 0
for rec in event["Records"]:
    bucket = rec["s3"]["bucket"]["name"]
    key = urllib.parse.unquote_plus(rec["s3"]["object"]["key"])
    obj_id = hashlib.sha256(f"{bucket}\n{key}".encode()).hexdigest()[:32]
    doc = json.loads(gzip.decompress(s3.get_object(Bucket=bucket, Key=key)["Body"].read()))
    groups = {}
    for r in doc["Records"]:
        if r.get("errorCode") or r.get("errorMessage"):
            continue
        ident = r.get("userIdentity") or {}
        k = ident.get("accessKeyId") or ""
        if isinstance(k, str) and k.startswith("AKIA"):
            title = f"User {ident.get('arn')} signed in with access key {k}"
            groups.setdefault(title, [r, 0])[1] += 1
    for title, (first, count) in groups.items():
        pk = {"pk": {"S": "w#" + hashlib.sha256(title.encode()).hexdigest()[:32]}}
        try:
            ddb.update_item(TableName=table, Key=pk, UpdateExpression="SET eventCount = eventCount + :n ADD objs :o",
                ConditionExpression="attribute_exists(pk) AND expiresAtMs > :now AND NOT contains(objs, :id)",
                ExpressionAttributeValues={":n": {"N": str(count)}, ":o": {"SS": [obj_id]}, ":id": {"S": obj_id},
                                           ":now": {"N": str(now)}})
            continue
        except ClientError as e:
            if e.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise
        try:
            ddb.put_item(TableName=table, Item={**pk, "windowStart": {"N": str(now)}, "expiresAtMs": {"N": str(now + 3600000)},
                "expiresAt": {"N": str(now // 1000 + 3600)}, "eventCount": {"N": str(count)}, "objs": {"SS": [obj_id]},
                "published": {"BOOL": False}}, ConditionExpression="attribute_not_exists(pk) OR expiresAtMs <= :now",
                ExpressionAttributeValues={":now": {"N": str(now)}})
        except ClientError:
            continue
        sns.publish(TopicArn=topic, Subject=("[INFO] " + title)[:99], Message=json.dumps({"title": title, "eventCount": count, "event": first}))
        ddb.update_item(TableName=table, Key=pk, UpdateExpression="SET published = :t", ExpressionAttributeValues={":t": {"BOOL": True}})
        published += 1
print(json.dumps({"AlertsPublished": published}))

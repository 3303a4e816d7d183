#!/usr/bin/env python3
"""Generates a month of CloudTrail logs (one file per hour, CloudTrail's key layout) for the tuning
figures: a CI user whose key signs a call every 10 minutes, all month, from a runner address that
changes twice (day 10 and day 20); role traffic around it; the dormant key of a person (alice), used
from the office on weekdays only with --office; and one intruder who, on day 17 from 02:00 to 04:59,
uses alice's key from a new
address, creates a key for another user (backup-svc) and uses that key from the same address, and
tries the CI user's key (found in a leaked build log) from there too.

usage: make_month.py OUT_DIR [--office] [--year 2026] [--month 10] [--seed 11]
Deterministic for a given seed. Prints what it wrote and the ground truth."""
import argparse, datetime, gzip, json, os, random

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--office", action="store_true", help="alice also uses her key from the office on weekdays")
ap.add_argument("--year", type=int, default=2026)
ap.add_argument("--month", type=int, default=10)
ap.add_argument("--seed", type=int, default=11)
args = ap.parse_args()
rnd = random.Random(args.seed)
ACCOUNT = "123456789012"
REGION = "us-east-1"
CI_KEY, ALICE_KEY, BACKDOOR_KEY = "AKIAQCIDEPLOYER00001", "AKIAQALICE0000000001", "AKIAQBACKUPSVC000001"
OFFICE, INTRUDER = "203.0.113.25", "198.51.100.66"


def runner(day):
    return "192.0.2.10" if day < 10 else "192.0.2.11" if day < 20 else "192.0.2.12"


def uid():
    return "%08x-%04x-%04x-%04x-%012x" % tuple(rnd.getrandbits(b) for b in (32, 16, 16, 16, 48))


def user(name, key):
    return {"type": "IAMUser", "principalId": "AIDA" + name.upper().replace("-", "")[:16].ljust(16, "X"),
            "arn": f"arn:aws:iam::{ACCOUNT}:user/{name}", "accountId": ACCOUNT, "accessKeyId": key, "userName": name}


def role(i, t):
    name = f"app-role-{i:02d}"
    session = f"i-{rnd.getrandbits(40):010x}"
    issuer = {"type": "Role", "principalId": f"AROA{name.upper().replace('-', '')}", "userName": name,
              "arn": f"arn:aws:iam::{ACCOUNT}:role/{name}", "accountId": ACCOUNT}
    return {"type": "AssumedRole", "principalId": f"{issuer['principalId']}:{session}",
            "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{name}/{session}", "accountId": ACCOUNT,
            "accessKeyId": "ASIA" + "".join(rnd.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16)),
            "sessionContext": {"sessionIssuer": issuer, "attributes": {"creationDate": t, "mfaAuthenticated": "false"}}}


def record(t, identity, source, name, ip, agent, params=None, response=None, read_only=True):
    return {"eventVersion": "1.09", "userIdentity": identity, "eventTime": t, "eventSource": source,
            "eventName": name, "awsRegion": REGION, "sourceIPAddress": ip, "userAgent": agent,
            "requestParameters": params, "responseElements": response, "requestID": uid(), "eventID": uid(),
            "readOnly": read_only, "eventType": "AwsApiCall", "managementEvent": True,
            "recipientAccountId": ACCOUNT, "eventCategory": "Management",
            "tlsDetails": {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
                           "clientProvidedHostHeader": source.replace("amazonaws.com", REGION + ".amazonaws.com")}}


CI_CALLS = [("sts.amazonaws.com", "GetCallerIdentity"), ("s3.amazonaws.com", "ListBuckets"),
            ("cloudformation.amazonaws.com", "DescribeStacks"), ("ecr.amazonaws.com", "GetAuthorizationToken"),
            ("lambda.amazonaws.com", "UpdateFunctionCode20150331v2")]
ROLE_CALLS = [("s3.amazonaws.com", "GetBucketLocation"), ("dynamodb.amazonaws.com", "DescribeTable"),
              ("kms.amazonaws.com", "Decrypt"), ("sts.amazonaws.com", "AssumeRole"), ("ec2.amazonaws.com", "DescribeInstances")]
HUMAN_CALLS = [("s3.amazonaws.com", "ListBuckets"), ("iam.amazonaws.com", "ListUsers"), ("ec2.amazonaws.com", "DescribeInstances")]

start = datetime.datetime(args.year, args.month, 1, tzinfo=datetime.timezone.utc)
days = ((start.replace(month=start.month % 12 + 1, year=start.year + start.month // 12)) - start).days
files = records_total = 0
truth = {"ci": 0, "alice_office": 0, "intruder_alice": 0, "backdoor_created": 0, "backdoor_used": 0, "intruder_ci": 0}
for hour in range(days * 24):
    at = start + datetime.timedelta(hours=hour)
    day, h = at.day, at.hour
    recs = []
    for m in range(0, 60, 10):
        t = (at + datetime.timedelta(minutes=m, seconds=rnd.randrange(60))).strftime("%Y-%m-%dT%H:%M:%SZ")
        source, name = rnd.choice(CI_CALLS)
        recs.append(record(t, user("ci-deployer", CI_KEY), source, name, runner(day), "aws-cli/2.17.0 md/command#ci"))
        truth["ci"] += 1
    if args.office and at.weekday() < 5 and 9 <= h < 17:
        for _ in range(3):
            t = (at + datetime.timedelta(seconds=rnd.randrange(3600))).strftime("%Y-%m-%dT%H:%M:%SZ")
            source, name = rnd.choice(HUMAN_CALLS)
            recs.append(record(t, user("alice", ALICE_KEY), source, name, OFFICE, "aws-cli/2.15.1 Python/3.11"))
            truth["alice_office"] += 1
    if day == 17 and 2 <= h < 5:
        for m in range(0, 60, 5):
            t = (at + datetime.timedelta(minutes=m, seconds=rnd.randrange(60))).strftime("%Y-%m-%dT%H:%M:%SZ")
            source, name = rnd.choice(HUMAN_CALLS + [("secretsmanager.amazonaws.com", "ListSecrets")])
            recs.append(record(t, user("alice", ALICE_KEY), source, name, INTRUDER, "python-requests/2.31"))
            truth["intruder_alice"] += 1
        if h == 2:
            t = (at + datetime.timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M:%SZ")
            recs.append(record(t, user("alice", ALICE_KEY), "iam.amazonaws.com", "CreateAccessKey", INTRUDER,
                               "python-requests/2.31", params={"userName": "backup-svc"},
                               response={"accessKey": {"accessKeyId": BACKDOOR_KEY, "status": "Active",
                                                       "userName": "backup-svc", "createDate": t}},
                               read_only=False))
            truth["backdoor_created"] += 1
            t = (at + datetime.timedelta(minutes=50)).strftime("%Y-%m-%dT%H:%M:%SZ")
            recs.append(record(t, user("ci-deployer", CI_KEY), "sts.amazonaws.com", "GetCallerIdentity", INTRUDER,
                               "python-requests/2.31"))
            truth["intruder_ci"] += 1
            for m in (20, 25, 40):
                t = (at + datetime.timedelta(minutes=m)).strftime("%Y-%m-%dT%H:%M:%SZ")
                recs.append(record(t, user("backup-svc", BACKDOOR_KEY), "s3.amazonaws.com", "ListBuckets", INTRUDER,
                                   "python-requests/2.31"))
                truth["backdoor_used"] += 1
    for _ in range(60):
        t = (at + datetime.timedelta(seconds=rnd.randrange(3600))).strftime("%Y-%m-%dT%H:%M:%SZ")
        source, name = rnd.choice(ROLE_CALLS)
        recs.append(record(t, role(rnd.randrange(20), t), source, name, f"10.0.{rnd.randrange(4)}.{rnd.randrange(1, 255)}",
                           "aws-sdk-java/2.25.0"))
    recs.sort(key=lambda r: r["eventTime"])
    folder = os.path.join(args.out, "AWSLogs", ACCOUNT, "CloudTrail", REGION, at.strftime("%Y/%m/%d"))
    os.makedirs(folder, exist_ok=True)
    name = f"{ACCOUNT}_CloudTrail_{REGION}_{at.strftime('%Y%m%dT%H%M')}Z_{rnd.getrandbits(64):016x}.json.gz"
    with gzip.open(os.path.join(folder, name), "wt") as f:
        json.dump({"Records": recs}, f)
    files += 1
    records_total += len(recs)
print(f"{args.out}: {files} files, {records_total} records over {days} days; ground truth: {json.dumps(truth)}")

#!/usr/bin/env python3
"""Generates a benchmark corpus of realistic CloudTrail log files: gzipped {"Records": [...]} files,
records shaped like the real Stratus Red Team events in src/test/resources/stratus (which are the
templates), with varied principals, keys, times, IPs and request payloads. Mostly assumed-role (ASIA)
and service traffic, about 8% long-term-key calls from a few dozen IAM users (--match-rate), 1% failed calls.

--users sets how many IAM users make those calls (40 by default; bench/callers.sh raises it to tens of
thousands, so that a scan holds that many alert windows open). Each IAM user calls from a few addresses of its own (--addresses, 4 by default) and one call in a hundred
comes from a new address, as real keys do; --addresses 0 makes every call come from a new address (the
worst case for the correlation's memory: one address:key pair per call).

Record keys come in the order CloudTrail delivers them (eventVersion, userIdentity, eventTime, ... as in
the log file examples of AWS's CloudTrail User Guide), so a reader learns early whether a record is an
IAM user's call; --key-order templates keeps the templates' order instead (alphabetical, as the anonymized
Stratus events were published: userIdentity comes last, so that is the late-decision case).

usage: make_corpus.py OUT_DIR [--files 40] [--mb-per-file 10.5] [--match-rate 0.08] [--addresses 4]
                              [--users 40] [--key-order cloudtrail|templates] [--seed 7]
Deterministic for a given seed."""
import argparse, copy, glob, gzip, json, os, random

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--files", type=int, default=40)
ap.add_argument("--mb-per-file", type=float, default=10.5)
ap.add_argument("--match-rate", type=float, default=0.08,
                help="share of records that are successful IAM-user (AKIA) calls, 0 to 1")
ap.add_argument("--addresses", type=int, default=4,
                help="addresses each IAM user calls from (0: a new address at every call)")
ap.add_argument("--users", type=int, default=40, help="IAM users making the long-term-key calls")
ap.add_argument("--key-order", choices=["cloudtrail", "templates"], default="cloudtrail",
                help="record keys as CloudTrail delivers them, or in the templates' (alphabetical) order")
ap.add_argument("--seed", type=int, default=7)
args = ap.parse_args()
rnd = random.Random(args.seed)
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
templates = []
for path in sorted(glob.glob(os.path.join(root, "src/test/resources/stratus/*.json"))):
    templates += json.load(open(path))
account = "123456789012"
users = [f"ci-user-{i:02d}" for i in range(args.users)]
user_keys = {u: "AKIA" + "".join(rnd.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16)) for u in users}
roles = [f"role-{i:03d}" for i in range(200)]

def address():
    return f"{rnd.randrange(1, 224)}.{rnd.randrange(256)}.{rnd.randrange(256)}.{rnd.randrange(1, 255)}"

user_addresses = {u: [address() for _ in range(args.addresses)] for u in users}
alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

def key(prefix):
    return prefix + "".join(rnd.choice(alphabet) for _ in range(16))

# CloudTrail's delivery order of a record's keys; keys not named here follow, alphabetically.
DELIVERY_ORDER = ["eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion",
                  "sourceIPAddress", "userAgent", "errorCode", "errorMessage", "requestParameters",
                  "responseElements", "additionalEventData", "requestID", "eventID", "readOnly", "resources",
                  "eventType", "apiVersion", "managementEvent", "recipientAccountId", "sharedEventID",
                  "vpcEndpointId", "eventCategory", "tlsDetails", "sessionCredentialFromConsole"]

def ordered(r):
    if args.key_order == "templates":
        return r
    return {k: r[k] for k in DELIVERY_ORDER if k in r} | {k: r[k] for k in sorted(r) if k not in DELIVERY_ORDER}

def record(t):
    r = copy.deepcopy(rnd.choice(templates))
    kind = rnd.random()
    ident = r.setdefault("userIdentity", {})
    if kind < args.match_rate:
        u = rnd.choice(users)
        r["userIdentity"] = {"type": "IAMUser", "principalId": "AIDA" + u.upper().replace("-", "")[:16],
                             "arn": f"arn:aws:iam::{account}:user/{u}", "accountId": account,
                             "accessKeyId": user_keys[u], "userName": u}
    else:
        role = rnd.choice(roles)
        session = f"session-{rnd.randrange(10000)}"
        r["userIdentity"] = {"type": "AssumedRole", "principalId": f"AROA{role.upper().replace('-', '')}:{session}",
            "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}", "accountId": account,
            "accessKeyId": key("ASIA"), "sessionContext": {"sessionIssuer": {"type": "Role",
            "principalId": f"AROA{role.upper().replace('-', '')}", "arn": f"arn:aws:iam::{account}:role/{role}",
            "accountId": account, "userName": role}, "attributes": {"creationDate": t, "mfaAuthenticated": "false"}}}
    r.pop("errorCode", None); r.pop("errorMessage", None)
    if rnd.random() < 0.01 and args.match_rate < 1:
        r["errorCode"] = "AccessDenied"; r["errorMessage"] = "User is not authorized to perform this action"
    r["eventTime"] = t
    r["eventID"] = "%08x-%04x-%04x-%04x-%012x" % tuple(rnd.getrandbits(b) for b in (32, 16, 16, 16, 48))
    r["requestID"] = "%08x-%04x-%04x-%04x-%012x" % tuple(rnd.getrandbits(b) for b in (32, 16, 16, 16, 48))
    own = user_addresses.get(r["userIdentity"].get("userName"), [])
    r["sourceIPAddress"] = rnd.choice(own) if own and rnd.random() >= 0.01 else address()
    r["recipientAccountId"] = account
    return ordered(r)

os.makedirs(args.out, exist_ok=True)
target = int(args.mb_per_file * 1_000_000)
total = 0
for f in range(args.files):
    hour, minute = divmod(f * 5, 60)
    t0 = f"2024-06-02T{10 + hour:02d}:{minute:02d}"
    parts, size, n = [], 0, 0
    while size < target:
        s = json.dumps(record(f"{t0}:{rnd.randrange(60):02d}Z"), separators=(",", ":"))
        parts.append(s); size += len(s) + 1; n += 1
    body = ('{"Records":[' + ",".join(parts) + "]}").encode()
    total += len(body)
    name = f"{account}_CloudTrail_us-east-1_20240602T{10 + hour:02d}{minute:02d}Z_{f:04d}.json.gz"
    with open(os.path.join(args.out, name), "wb") as out:
        with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, compresslevel=6) as gz:
            gz.write(body)
print(f"{args.files} files, {total / 1e6:.1f} MB uncompressed in {args.out}")

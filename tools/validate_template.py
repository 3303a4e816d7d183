#!/usr/bin/env python3
"""Validates template.yaml offline: cfn-lint (no errors, no warnings) and the SAM transform
(aws-sam-translator) must succeed. Prints what the transform produced; exits non-zero on failure."""
import os, subprocess, sys

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")  # the transform needs a region, never a network call

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
path = os.path.join(root, "template.yaml")

lint = subprocess.run(["cfn-lint", "--format", "parseable", path], capture_output=True, text=True)
if lint.returncode != 0 or lint.stdout.strip():
    print("cfn-lint found problems:\n" + lint.stdout + lint.stderr, file=sys.stderr)
    sys.exit(1)


class NoManagedPolicies:
    """The template names no managed policies, so the transform needs no IAM lookup."""
    def load(self):
        return {}


with open(path) as f:
    template = yaml_parse(f.read())
# as `sam package` does: the local jar becomes an S3 location
for resource in template["Resources"].values():
    if resource["Type"] == "AWS::Serverless::Function":
        resource["Properties"]["CodeUri"] = "s3://example-artifacts/trailwatch.jar"
output = transform(template, {"TrailBucketName": "example-trail"}, NoManagedPolicies())
kinds = sorted({r["Type"] for r in output["Resources"].values()})
print(f"template.yaml: cfn-lint clean; SAM transform gives {len(output['Resources'])} resources: {', '.join(kinds)}")

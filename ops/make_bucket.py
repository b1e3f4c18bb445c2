"""Create the cluster's bucket on the S3 server (idempotent); run with the cluster's environment."""

import os

import boto3
from botocore.exceptions import ClientError

client = boto3.client(
    "s3",
    endpoint_url=os.environ["AWS_S3_ENDPOINT_URL"],
    region_name=os.environ["AWS_S3_REGION_NAME"],
)
bucket = os.environ["AWS_STORAGE_BUCKET_NAME"]
try:
    client.create_bucket(Bucket=bucket)
except ClientError as error:
    if error.response["Error"]["Code"] not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
        raise
# Nobody reads the bucket without signed requests: block every form of public access.
client.put_public_access_block(
    Bucket=bucket,
    PublicAccessBlockConfiguration={
        "BlockPublicAcls": True,
        "IgnorePublicAcls": True,
        "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True,
    },
)

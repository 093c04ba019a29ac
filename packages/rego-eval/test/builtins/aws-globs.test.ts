import { describe } from 'vitest';
import { pinned } from './harness.js';

// Expected outputs pinned from `opa eval --strict-builtin-errors` v1.17.1
// (scripts/pin-builtin-cases.mjs).
describe('providers.aws.sign_req and regex.globs_match', () => {
  pinned([
    ["providers.aws.sign_req({\"method\": \"get\", \"url\": \"https://examplebucket.s3.amazonaws.com/test.txt\", \"headers\": {\"Range\": \"bytes=0-9\"}}, {\"aws_access_key\": \"AKIAIOSFODNN7EXAMPLE\", \"aws_secret_access_key\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\", \"aws_service\": \"s3\", \"aws_region\": \"us-east-1\"}, 1369353600000000000)", "{\"headers\":{\"Authorization\":\"AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=41c3b354355ec6b2d10890febd6a1395ebfce9f1b42df28cd9bc24bb72adaa8d\",\"Range\":\"bytes=0-9\",\"host\":\"examplebucket.s3.amazonaws.com\",\"x-amz-content-sha256\":\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\",\"x-amz-date\":\"20130524T000000Z\"},\"method\":\"get\",\"url\":\"https://examplebucket.s3.amazonaws.com/test.txt\"}"],
    ["providers.aws.sign_req({\"method\": \"post\", \"url\": \"https://sts.amazonaws.com/a%20b/c?x=1&y=2\", \"body\": {\"b\": 1}}, {\"aws_access_key\": \"K\", \"aws_secret_access_key\": \"S\", \"aws_service\": \"sts\", \"aws_region\": \"eu-west-1\", \"aws_session_token\": \"T\"}, 1700000000000000000)", "{\"body\":{\"b\":1},\"headers\":{\"Authorization\":\"AWS4-HMAC-SHA256 Credential=K/20231114/eu-west-1/sts/aws4_request,SignedHeaders=host;x-amz-date;x-amz-security-token,Signature=a78bed04353379492db1a629b4cf192ffc6f6fa83c1391f3101dfaabed79ac67\",\"host\":\"sts.amazonaws.com\",\"x-amz-date\":\"20231114T221320Z\",\"x-amz-security-token\":\"T\"},\"method\":\"post\",\"url\":\"https://sts.amazonaws.com/a%20b/c?x=1\\u0026y=2\"}"],
    ["providers.aws.sign_req({\"method\": \"put\", \"url\": \"https://h/p\", \"raw_body\": \"xyz\"}, {\"aws_access_key\": \"K\", \"aws_secret_access_key\": \"S\", \"aws_service\": \"s3\", \"aws_region\": \"r\", \"disable_payload_signing\": true}, 0)", "{\"headers\":{\"Authorization\":\"AWS4-HMAC-SHA256 Credential=K/19700101/r/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=f461998fb7874d601e45da1bea3d21f9ab3ad90e695ae09369abbeaff6cda254\",\"host\":\"h\",\"x-amz-content-sha256\":\"UNSIGNED-PAYLOAD\",\"x-amz-date\":\"19700101T000000Z\"},\"method\":\"put\",\"raw_body\":\"xyz\",\"url\":\"https://h/p\"}"],
    ["providers.aws.sign_req({\"method\": \"get\", \"url\": \"https://h/p\"}, {\"aws_access_key\": \"K\"}, 0)", "error: eval_type_error: providers.aws.sign_req: operand 2 missing required AWS config parameters(s): {\"aws_region\", \"aws_secret_access_key\", \"aws_service\"}"],
    ["providers.aws.sign_req({\"method\": \"get\", \"url\": \"https://h/p\"}, {\"aws_access_key\": 1, \"aws_secret_access_key\": \"S\", \"aws_service\": \"s3\", \"aws_region\": \"r\"}, 0)", "error: eval_type_error: providers.aws.sign_req: operand 2 invalid values for required AWS config parameters(s): {\"aws_access_key\"}"],
    ["regex.globs_match(\"a.a.[0-9]+z\", \".b.b2359825792*594823z\")", "true"],
    ["regex.globs_match(\"[a-z]+\", \"[0-9]*\")", "false"],
    ["regex.globs_match(\"pqrs]\", \"[a-b]+\")", "error: eval_builtin_error: regex.globs_match: input:pqrs], pos:5, set-close ']' with no preceding '[': the input provided is invalid"],
    ["regex.globs_match(\"a*b\", \"a+c\")", "false"],
    ["regex.globs_match(\"[a-\", \"a\")", "error: eval_builtin_error: regex.globs_match: input:[a-, pos:3, range character '-' must be followed by a Unicode character: the input provided is invalid"],
    ["regex.globs_match(\"*a\", \"a\")", "error: eval_builtin_error: regex.globs_match: input:*a, pos:1, flag '*' must be preceded by a non-flag: the input provided is invalid"],
    ["regex.globs_match(\"ab.*\", \"a.c\")", "true"],
    ["regex.globs_match(\"x\\\\\", \"x\")", "error: eval_builtin_error: regex.globs_match: input:x\\, pos:1, input ends with a \\ (escape) character: the input provided is invalid"],
  ]);
});

"""The CloudFormation importer on small templates: intrinsics, configuration, glue, stacks, errors."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warroom.engine import ScenarioError
from warroom.engine.importers.cloudformation import import_templates

LOCATED = re.compile(r"^.+:\d+:\d+: error: .+")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text))
    return path


def nodes_of(imported) -> dict[str, dict]:
    return {n["id"]: n for n in imported.architecture["nodes"]}


SERVERLESS = """\
    Parameters:
      Env: {Type: String, Default: dev}
      Subnets: {Type: CommaDelimitedList, Default: "a,b"}
    Mappings:
      Sizes: {dev: {Memory: 256}, prod: {Memory: 1024}}
    Conditions:
      IsProd: !Equals [!Ref Env, prod]
    Resources:
      Table:
        Type: AWS::DynamoDB::Table
        Properties:
          BillingMode: PAY_PER_REQUEST
          PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}
      Archive:
        Type: AWS::S3::Bucket
        Condition: IsProd
      Key:
        Type: AWS::KMS::Key
        Properties: {EnableKeyRotation: true}
      Queue:
        Type: AWS::SQS::Queue
        Properties: {KmsMasterKeyId: !Ref Key}
      Role:
        Type: AWS::IAM::Role
        Properties:
          AssumeRolePolicyDocument:
            Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]
          ManagedPolicyArns: [!Sub "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]
          Policies:
            - PolicyName: data
              PolicyDocument:
                Statement:
                  - {Effect: Allow, Action: [dynamodb:PutItem], Resource: !GetAtt Table.Arn}
      Worker:
        Type: AWS::Lambda::Function
        Properties:
          Role: !GetAtt Role.Arn
          MemorySize: !FindInMap [Sizes, !Ref Env, Memory]
          FunctionName: !Sub "worker-${Env}-${AWS::AccountId}"
          Environment: {Variables: {TABLE: !Ref Table, SUBNET: !Select [1, !Ref Subnets]}}
          TracingConfig: {Mode: !If [IsProd, Active, PassThrough]}
      Mapping:
        Type: AWS::Lambda::EventSourceMapping
        Properties: {EventSourceArn: !GetAtt Queue.Arn, FunctionName: !Ref Worker, BatchSize: 5}
      Errors:
        Type: AWS::CloudWatch::Alarm
        Properties:
          MetricName: Errors
          Namespace: AWS/Lambda
          Dimensions: [{Name: FunctionName, Value: !Ref Worker}]
          Threshold: 1
          EvaluationPeriods: 3
          ComparisonOperator: GreaterThanOrEqualToThreshold
          AlarmActions: [!Ref Topic]
      Topic:
        Type: AWS::SNS::Topic
      Vpc:
        Type: AWS::EC2::VPC
        Properties: {CidrBlock: 10.0.0.0/16}
"""


@pytest.fixture
def serverless(tmp_path: Path) -> Path:
    return write(tmp_path, "orders.yaml", SERVERLESS)


def test_resources_become_catalog_nodes_with_edges_inferred_from_references(serverless: Path) -> None:
    imported = import_templates([serverless])
    assert {n["id"]: n["type"] for n in imported.architecture["nodes"]} == {
        "orders": "cloudformation_stack",
        "table": "dynamodb_table",
        "key": "kms_key",
        "queue": "sqs_queue",
        "role": "iam_role",
        "worker": "lambda_function",
        "errors": "cloudwatch_alarm",
        "topic": "sns_topic",
        "vpc": "cfn_resource",
    }
    assert set(imported.architecture["edges"]) == {
        "queue encrypts_with key",
        "worker uses_role role",
        "worker writes table",  # its role may only write to the table
        "queue triggers worker",  # the event source mapping
        "errors monitors worker",
        "errors triggers topic",
    }
    assert all(n.get("stack") == "orders" for n in imported.architecture["nodes"][1:])
    assert imported.summary.unmapped == {"AWS::EC2::VPC": 1}
    assert imported.summary.skipped == [("orders", "Archive", "IsProd")]
    assert "AWS::AccountId" in imported.summary.symbolic


def test_properties_map_to_configuration_with_aws_defaults_where_the_template_is_silent(serverless: Path) -> None:
    nodes = nodes_of(import_templates([serverless]))
    assert nodes["table"]["config"]["pitr"] is True
    assert nodes["table"]["config"]["billing"] == "PAY_PER_REQUEST"
    assert nodes["table"]["config"]["deletion_protection"] is False  # AWS's default, not the catalog's
    worker = nodes["worker"]["config"]
    assert (worker["memory_mb"], worker["timeout_s"], worker["tracing"], worker["batch_size"]) == (256, 3, False, 5)
    assert nodes["key"]["config"]["rotation"] is True
    assert nodes["queue"]["config"]["sse"] == "KMS"
    alarm = nodes["errors"]["config"]
    assert (alarm["metric"], alarm["threshold"], alarm["evaluation_periods"], alarm["alarm_actions"]) == (
        "Errors",
        1.0,
        3,
        ["topic"],
    )
    policies = {p["name"]: p for p in nodes["role"]["config"]["policies"]}
    assert policies["data"]["statements"] == [
        {"effect": "Allow", "actions": ["dynamodb:PutItem"], "resources": ["table"]}
    ]
    assert policies["AWSLambdaBasicExecutionRole"]["managed"] is True


def test_parameters_override_defaults_and_conditions_follow(serverless: Path) -> None:
    imported = import_templates([serverless], params={"Env": "prod"})
    nodes = nodes_of(imported)
    assert nodes["archive"]["type"] == "s3_bucket"
    assert nodes["archive"]["config"]["versioning"] is False  # no VersioningConfiguration: not versioned
    assert nodes["worker"]["config"]["memory_mb"] == 1024
    assert nodes["worker"]["config"]["tracing"] is True
    assert imported.summary.skipped == []


def test_an_undeclared_parameter_is_refused_with_a_hint(serverless: Path) -> None:
    with pytest.raises(ScenarioError, match="no template declares a parameter 'Envv'; did you mean 'Env'"):
        import_templates([serverless], params={"Envv": "prod"})


def test_json_templates_with_tabs_import_like_yaml(tmp_path: Path) -> None:
    body = {
        "Resources": {
            "Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"VersioningConfiguration": {"Status": "Enabled"}}}
        }
    }
    path = tmp_path / "site.json"
    path.write_text(json.dumps(body, indent="\t"))
    nodes = nodes_of(import_templates([path]))
    assert nodes["bucket"]["config"]["versioning"] is True


def test_nested_stack_with_a_local_template_joins_the_graph(tmp_path: Path) -> None:
    write(
        tmp_path,
        "child.yaml",
        """\
        Parameters:
          TopicArn: {Type: String}
        Resources:
          Queue: {Type: AWS::SQS::Queue}
          Subscription:
            Type: AWS::SNS::Subscription
            Properties: {TopicArn: !Ref TopicArn, Protocol: sqs, Endpoint: !GetAtt Queue.Arn}
        Outputs:
          QueueArn: {Value: !GetAtt Queue.Arn}
        """,
    )
    parent = write(
        tmp_path,
        "parent.yaml",
        """\
        Resources:
          Topic: {Type: AWS::SNS::Topic}
          Child:
            Type: AWS::CloudFormation::Stack
            Properties:
              TemplateURL: child.yaml
              Parameters: {TopicArn: !Ref Topic}
          Key:
            Type: AWS::KMS::Key
            Properties:
              Description: !GetAtt Child.Outputs.QueueArn
        """,
    )
    imported = import_templates([parent], stack_names=["shop"])
    nodes = nodes_of(imported)
    assert nodes["shop-child"] == {
        "id": "shop-child",
        "type": "cloudformation_stack",
        "label": "Child",
        "stack": "shop",
        "config": {"termination_protection": False, "notifications": False},
    }
    assert nodes["queue"]["stack"] == "shop-child"
    assert imported.architecture["edges"] == ["topic triggers queue"]
    assert imported.summary.templates == [str(parent), str(tmp_path / "child.yaml")]


def test_a_nested_template_outside_the_folder_is_refused(tmp_path: Path) -> None:
    parent = write(
        tmp_path,
        "parent.yaml",
        """\
        Resources:
          Child:
            Type: AWS::CloudFormation::Stack
            Properties: {TemplateURL: ../elsewhere.yaml}
        """,
    )
    with pytest.raises(ScenarioError, match=r"parent.yaml:4:31: error: nested template '../elsewhere.yaml' is outside"):
        import_templates([parent])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Resources:\n  A: {Type: AWS::SNS::Topic, Properties: {Name: !Ref Nope}}\n",
            "Ref to unknown parameter or resource .Nope.",
        ),
        ("Resources:\n  A: {Type: AWS::SNS::Topic, Properties: {Name: !Bogus x}}\n", "unknown tag '!Bogus'"),
        ("Resources:\n  A: {Type: AWS::SNS::Topic, Properties: {Name: {Fn::Nope: 1}}}\n", "unknown intrinsic function"),
        ("Resources:\n  A: {Type: AWS::SNS::Topic, Condition: Missing}\n", "unknown condition 'Missing'"),
        ("Resources:\n  A: {Properties: {}}\n", "resource 'A' has no 'Type'"),
        ("Parameters: {}\n", "the template has no resources"),
        ("Resources:\n  A: {Type: AWS::SNS::Topic, Properties: {Name: !Select [5, [a, b]]}}\n", "past the end"),
    ],
)
def test_bad_templates_fail_with_a_located_message(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, "bad.yaml", text)
    with pytest.raises(ScenarioError) as caught:
        import_templates([path])
    assert all(LOCATED.match(str(p)) and str(path) in str(p) for p in caught.value.problems)
    assert re.search(message, str(caught.value))


_SCALARS = st.one_of(st.text(max_size=8), st.integers(), st.booleans(), st.none())
_FUNCTIONS = [
    "Ref",
    "Fn::GetAtt",
    "Fn::Sub",
    "Fn::If",
    "Fn::Select",
    "Fn::Join",
    "Fn::FindInMap",
    "Fn::Equals",
    "Condition",
]
_VALUES = st.recursive(
    _SCALARS | st.sampled_from(["Table", "Env", "IsProd", "AWS::Region", "Table.Arn", "${Table}"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from([*_FUNCTIONS, "Name", "Value"]), inner, max_size=2)
    ),
    max_leaves=12,
)
_TYPES = st.sampled_from(["AWS::S3::Bucket", "AWS::Lambda::Function", "AWS::SQS::Queue", "AWS::EC2::VPC", "AWS::X::Y"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    resources=st.dictionaries(
        st.sampled_from(["Table", "Fn", "Queue", "Role"]),
        st.fixed_dictionaries(
            {"Type": _TYPES}, optional={"Properties": st.dictionaries(st.text(max_size=6), _VALUES, max_size=3)}
        ),
        min_size=1,
        max_size=4,
    ),
    conditions=st.dictionaries(st.sampled_from(["IsProd", "Other"]), _VALUES, max_size=2),
    mangle=st.integers(min_value=0, max_value=400),
)
def test_random_and_mangled_templates_never_raise_anything_but_a_located_error(
    tmp_path: Path, resources: dict, conditions: dict, mangle: int
) -> None:
    body = {
        "Parameters": {"Env": {"Type": "String", "Default": "dev"}},
        "Conditions": conditions,
        "Resources": resources,
    }
    text = json.dumps(body, indent=1)
    if mangle < len(text):
        text = text[:mangle] + text[mangle + 7 :]  # cut a piece out: broken syntax or shape
    path = tmp_path / "fuzz.json"
    path.write_text(text)
    try:
        imported = import_templates([path])
    except ScenarioError as exc:
        assert all(LOCATED.match(str(p)) for p in exc.problems), str(exc)
    else:
        assert imported.architecture["nodes"][0]["type"] == "cloudformation_stack"

"""The importer over 49 real public templates: they import into valid architectures, or fail
with a located message; five of them give exactly the expected graph."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from warroom.engine import ScenarioError, load_architecture
from warroom.engine.importers.cloudformation import import_templates
from warroom.engine.importers.cloudformation.output import architecture_yaml

from .conftest import all_templates

LOCATED = re.compile(r"^.+:\d+:\d+: error: .+; .+")
"""``file:line:col: error: message; hint``."""

TEMPLATES = all_templates() or ["(no test data)"]
EXPECTED_FAILURES = {"RainModules/static-site.yml"}  # a Rain module directive, not CloudFormation


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_imports_into_a_valid_architecture_or_fails_located(
    cfn_templates: Path, name: str, tmp_path: Path
) -> None:
    try:
        imported = import_templates([cfn_templates / name])
    except ScenarioError as exc:
        assert name in EXPECTED_FAILURES, str(exc)
        assert all(LOCATED.match(str(p)) for p in exc.problems), str(exc)
        return
    assert name not in EXPECTED_FAILURES
    out = tmp_path / "imported.yaml"
    out.write_text(architecture_yaml(imported.architecture, imported.summary.templates))
    loaded = load_architecture(out)
    assert len(loaded.spec.nodes) == len(imported.architecture["nodes"])
    assert all(n.stack for n in loaded.spec.nodes if n.type != "cloudformation_stack")


def test_at_least_95_percent_of_the_templates_import(cfn_templates: Path) -> None:
    assert len(TEMPLATES) >= 49
    assert len(EXPECTED_FAILURES) <= len(TEMPLATES) * 0.05


FARGATE = "ECS/FargateLaunchType"
GRAPHS = {
    "lambda behind API Gateway": (
        ["APIGateway/apigateway_lambda_integration.yaml"],
        [],
        {
            "apigateway-lambda-integration": "cloudformation_stack",
            "rest-api": "api_gateway",
            "lambda-function": "lambda_function",
            "lambda-iam-role": "iam_role",
        },
        {"rest-api calls lambda-function", "lambda-function uses_role lambda-iam-role"},
        {},
    ),
    "Fargate service joined to its cluster's stack through exports": (
        [f"{FARGATE}/clusters/private-vpc.yaml", f"{FARGATE}/services/private-subnet-public-service.yaml"],
        ["production"],
        {
            "production": "cloudformation_stack",
            "private-subnet-public-service": "cloudformation_stack",
            "fargate-container-security-group": "security_group",
            "public-load-balancer-sg": "security_group",
            "public-load-balancer": "alb",
            "dummy-target-group-public": "target_group",
            "private-load-balancer-sg": "security_group",
            "private-load-balancer": "alb",
            "dummy-target-group-private": "target_group",
            "ecs-role": "iam_role",
            "ecs-task-execution-role": "iam_role",
            "service": "ecs_service",
            "target-group": "target_group",
        },
        {
            "public-load-balancer secured_by public-load-balancer-sg",
            "public-load-balancer routes dummy-target-group-public",
            "public-load-balancer routes target-group",  # the service's listener rule, in the other stack
            "private-load-balancer secured_by private-load-balancer-sg",
            "private-load-balancer routes dummy-target-group-private",
            "service secured_by fargate-container-security-group",
            "service uses_role ecs-task-execution-role",
            "target-group routes service",
        },
        {  # the VPC, its routing and the cluster: visible, not simulated
            "AWS::EC2::EIP": 2,
            "AWS::EC2::InternetGateway": 1,
            "AWS::EC2::NatGateway": 2,
            "AWS::EC2::Route": 3,
            "AWS::EC2::RouteTable": 3,
            "AWS::EC2::Subnet": 4,
            "AWS::EC2::SubnetRouteTableAssociation": 4,
            "AWS::EC2::VPC": 1,
            "AWS::EC2::VPCEndpoint": 1,
            "AWS::EC2::VPCGatewayAttachment": 1,
            "AWS::ECS::Cluster": 1,
        },
    ),
    "Auto Scaling group behind a classic load balancer": (
        ["AutoScaling/AutoScalingRollingUpdates.yaml"],
        [],
        {
            "auto-scaling-rolling-updates": "cloudformation_stack",
            "web-server-group": "autoscaling_group",
            "elastic-load-balancer": "alb",
            "instance-security-group": "security_group",
            "describe-health-role": "iam_role",
        },
        {
            "elastic-load-balancer routes web-server-group",
            "web-server-group secured_by instance-security-group",  # from its launch template
            "web-server-group uses_role describe-health-role",  # through the instance profile
        },
        {},
    ),
}
"""Templates, stack names, and the exact simulated nodes (id → type), edges and unsimulated
CloudFormation types (with their counts) they import to."""


@pytest.mark.parametrize("case", sorted(GRAPHS))
def test_exact_nodes_and_edges(cfn_templates: Path, case: str) -> None:
    names, stacks, nodes, edges, unmapped = GRAPHS[case]
    imported = import_templates([cfn_templates / name for name in names], stack_names=stacks)
    simulated = {n["id"]: n["type"] for n in imported.architecture["nodes"] if n["type"] != "cfn_resource"}
    assert simulated == nodes
    assert set(imported.architecture["edges"]) == edges
    assert imported.summary.unmapped == unmapped


def test_codepipeline_with_its_roles_and_trigger_rule(cfn_templates: Path) -> None:
    path = cfn_templates / "Solutions/CodeBuildAndCodePipeline/cloudformation-codepipeline-template.yaml"
    imported = import_templates([path])
    nodes = {n["id"]: n for n in imported.architecture["nodes"]}
    assert {k: n["type"] for k, n in nodes.items()} == {
        "cloudformation-codepipeline-template": "cloudformation_stack",
        "pipeline-role": "iam_role",
        "event-role": "iam_role",
        "event-rule": "eventbridge_rule",
        "pipeline": "codepipeline",
    }
    assert set(imported.architecture["edges"]) == {
        "event-rule uses_role event-role",
        "pipeline uses_role pipeline-role",
    }
    assert [s["kind"] for s in nodes["pipeline"]["config"]["stages"]] == ["source", "build", "approval"]
    granted = nodes["event-role"]["config"]["policies"][0]["statements"][0]
    assert granted["resources"] == ["pipeline"]  # the ARN of the pipeline, as its node id
    assert "ImportValue ${CodeBuildStack}-AppBuildArn" in imported.summary.symbolic


def test_queue_with_its_dead_letter_queue_only_when_the_condition_holds(cfn_templates: Path) -> None:
    path = cfn_templates / "SQS/SQSStandardQueue.yaml"
    default = import_templates([path])
    assert [n["id"] for n in default.architecture["nodes"]] == ["sqs-standard-queue", "sqs-queue"]
    assert default.summary.skipped == [("sqs-standard-queue", "MyDeadLetterQueue", "CreateDeadLetterQueue")]
    with_dlq = import_templates([path], params={"UsedeadletterQueue": "true"})
    nodes = {n["id"]: n for n in with_dlq.architecture["nodes"]}
    assert {k: n["type"] for k, n in nodes.items()} == {
        "sqs-standard-queue": "cloudformation_stack",
        "sqs-queue": "sqs_queue",
        "my-dead-letter-queue": "sqs_queue",
    }
    assert with_dlq.architecture["edges"] == []  # a redrive policy is configuration, not traffic
    queue = nodes["sqs-queue"]["config"]
    assert queue["redrive"] == {"dlq": "my-dead-letter-queue", "max_receive_count": 5}
    assert (queue["sse"], queue["visibility_timeout"]) == ("KMS", 5)
    assert nodes["my-dead-letter-queue"]["config"]["retention"] == 1209600


def test_cloudfront_routes_to_its_origin_and_calls_lambda_at_edge(cfn_templates: Path) -> None:
    imported = import_templates([cfn_templates / "Solutions/CloudFrontCustomOriginLambda@Edge/CloudFront.yaml"])
    edges = set(imported.architecture["edges"])
    assert "cloud-front-distribution routes origin-alb" in edges
    assert "cloud-front-distribution calls lambda-edge-function" in edges
    assert not any(e.startswith("cloud-front-distribution") and "logging-bucket" in e for e in edges)


def test_bucket_settings_replication_and_policies_by_physical_name(cfn_templates: Path) -> None:
    imported = import_templates([cfn_templates / "S3/compliant-bucket.yaml"])
    nodes = {n["id"]: n for n in imported.architecture["nodes"]}
    bucket = nodes["object-storage-bucket"]["config"]
    assert (bucket["versioning"], bucket["logging"], bucket["encryption"]) == (True, True, "SSE-S3")
    assert bucket["replication"]["destination"] == "object-storage-replica-bucket"
    assert nodes["object-storage-log-bucket"]["config"]["object_lock"] is True
    assert imported.architecture["edges"] == ["object-storage-bucket replicates_to object-storage-replica-bucket"]
    assert imported.summary.unattached == []  # the bucket policies name their buckets by physical name
    role = nodes["object-storage-replication-role"]["config"]["policies"][0]["statements"]
    assert [s["resources"] for s in role] == [
        ["object-storage-bucket"],
        ["object-storage-bucket"],
        ["object-storage-replica-bucket"],
    ]


def test_an_aurora_instance_takes_encryption_and_backups_from_its_cluster(cfn_templates: Path) -> None:
    imported = import_templates([cfn_templates / "DMS/DMSAuroraToS3FullLoadAndOngoingReplication.yaml"])
    instance = next(n for n in imported.architecture["nodes"] if n["id"] == "aurora-db")["config"]
    assert (instance["engine"], instance["storage_encrypted"], instance["backup_retention_days"]) == (
        "aurora-postgresql",
        True,
        7,
    )

"""Which catalog resource type a CloudFormation type becomes — read from the catalog itself.

Each catalog type records its CloudFormation type (``aws_type``) and any others that behave
the same in the simulation (``also_aws_types``); :func:`catalog_type` inverts that. A type
the catalog lacks becomes :data:`GENERIC`, a visible resource warroom does not simulate.
"""

from __future__ import annotations

from functools import cache

from ...resources import RESOURCES

GENERIC = "cfn_resource"
"""The catalog type of a resource warroom does not simulate."""


@cache
def mapping_table() -> dict[str, str]:
    """CloudFormation type → catalog type id, for every type the catalog simulates."""
    table: dict[str, str] = {}
    for rtype in sorted(RESOURCES, key=lambda r: r.id):
        for cfn_type in (rtype.aws_type, *rtype.also_aws_types):
            if "*" not in cfn_type:
                table.setdefault(cfn_type, rtype.id)
    return table


def catalog_type(cfn_type: str) -> str:
    """The catalog type a resource of ``cfn_type`` becomes (:data:`GENERIC` when unmapped)."""
    return mapping_table().get(cfn_type, GENERIC)

"""Importers: architectures read from what teams already have (CloudFormation templates, ...).

Each importer lives in its own package and returns an architecture in the format of
``scenarios/architectures/*.yaml`` with a summary of what it could not carry over.
"""

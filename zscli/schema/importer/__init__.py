"""Helpers of :mod:`zscli.schema.sdk_import`: read ZStack's Java sources and derive the generated spec."""

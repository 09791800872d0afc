"""Test steps: small functions over the station's roles, one kind per module."""

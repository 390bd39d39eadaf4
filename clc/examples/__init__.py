"""Shipped example unit configurations (TOML)."""

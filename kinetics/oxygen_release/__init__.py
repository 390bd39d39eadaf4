"""Data package: oxygen-release (CLOU) kinetic sets, every value sourced (original or second-hand)."""

"""Data package: char gasification kinetic sets, every value sourced (original or second-hand)."""

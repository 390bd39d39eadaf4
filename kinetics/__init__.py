"""Data package: oxygen-carrier kinetic parameter sets (one YAML per material)."""

"""Data package: solid fuels (proximate, ultimate analysis, heating value), every value sourced."""

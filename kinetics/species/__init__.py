"""Data package: Cantera-format thermo for species that Cantera ships no data for."""
